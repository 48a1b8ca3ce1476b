/** The live stream's event shapes are the domain's (domain/src/wire/socket.ts). */
export {
  SOCKET_EVENTS,
  HeartbeatEvent,
  SessionEndedEvent,
  SnapshotEvent,
  SubscribeAck,
  SubscribeRequest,
  type AlarmEvent,
  type ClientToServerEvents,
  type KpiEvent,
  type ReserveEvent,
  type ServerToClientEvents,
  type StateEvent,
} from '@ems/domain';
