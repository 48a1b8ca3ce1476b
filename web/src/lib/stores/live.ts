/**
 * Live data over socket.io: subscribe to every site, apply the snapshot, then `state`, `kpi`, `reserve` and
 * `alarm` events (pure reducers in utils/live.ts). socket.io reconnects by itself; the connection store says
 * whether the socket is up and the server heard: the server sends `heartbeat` every few seconds, and a connected
 * socket over which nothing came for three intervals is `unresponsive` (a hung server keeps its TCP connections
 * open; socket.io's own ping notices only after 45 s). Requests still waiting are then aborted, so pages show an
 * error with a retry button instead of loading for ever.
 */
import { io, type Socket } from 'socket.io-client';
import { derived, get, writable } from 'svelte/store';
import { abortInFlight } from '../api/timeout.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../api/types.ts';
import { DEFAULT_HEARTBEAT_MS, serverSilent, type SocketState } from '../utils/connection.ts';
import {
  applyAlarm,
  applyKpi,
  applyReserve,
  applyServerTime,
  applySnapshot,
  applyState,
  emptyLive,
  type LiveState,
} from '../utils/live.ts';
import { now } from './clock.ts';

export type ConnectionState = SocketState;

export const live = writable<LiveState>(emptyLive());
export const connection = writable<ConnectionState>('connecting');
/** The server's heartbeat interval (ms), as its heartbeats say. */
export const heartbeatMs = writable(DEFAULT_HEARTBEAT_MS);

/** The server's clock (client clock corrected by the snapshot's offset), ticking every second. */
export const serverNow = derived([now, live], ([n, l]) => n + l.clockOffsetMs);

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let socket: LiveSocket | null = null;
let failures = 0;
/** After this many failed reconnection attempts (or when the browser is offline) the state is "offline". */
const OFFLINE_AFTER = 3;
/** Client time (ms) the server was last heard over the socket: a heartbeat, any event, the connection itself. */
let lastHeard: number | null = null;
let silenceCheck: ReturnType<typeof setInterval> | undefined;
/** How often the silence is checked (ms). */
const SILENCE_CHECK_MS = 500;
/** The clock offset learnt from a heartbeat replaces the held one only when they differ by more than this. */
const CLOCK_TOLERANCE_MS = 500;

function heard(): void {
  lastHeard = Date.now();
  if (get(connection) === 'unresponsive') connection.set('connected');
}

function checkSilence(): void {
  if (get(connection) !== 'connected') return;
  if (serverSilent(lastHeard, Date.now(), get(heartbeatMs))) {
    connection.set('unresponsive');
    abortInFlight();
  }
}

export function startLive(onUnauthorized: () => void): void {
  if (socket) return;
  connection.set('connecting');
  const s: LiveSocket = io({
    path: '/socket.io',
    withCredentials: true,
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    // a handshake that gets no answer fails after this long (socket.io's default is 20 s)
    timeout: 8_000,
  });
  socket = s;
  s.on('connect', () => {
    failures = 0;
    lastHeard = Date.now();
    connection.set('connected');
    s.emit('subscribe', 'all');
  });
  // anything from the server shows it is alive
  s.onAny(heard);
  s.on('heartbeat', (p) => {
    if (Number.isFinite(p.interval_ms) && p.interval_ms > 0) heartbeatMs.set(p.interval_ms);
    const offset = p.server_time - Date.now();
    if (Math.abs(offset - get(live).clockOffsetMs) > CLOCK_TOLERANCE_MS)
      live.update((st) => applyServerTime(st, p.server_time, Date.now()));
  });
  silenceCheck = setInterval(checkSilence, SILENCE_CHECK_MS);
  s.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    connection.set(navigator.onLine === false ? 'offline' : 'reconnecting');
    // the server closed the socket (e.g. the session ended): socket.io does not retry by itself
    if (reason === 'io server disconnect') s.connect();
  });
  s.on('connect_error', (err) => {
    failures += 1;
    if (/unauthori[sz]ed|401|sign in/i.test(err.message)) {
      onUnauthorized();
      return;
    }
    connection.set(failures >= OFFLINE_AFTER || navigator.onLine === false ? 'offline' : 'reconnecting');
  });
  // signed out elsewhere, or the session expired: back to sign-in at once
  s.on('session_ended', () => onUnauthorized());
  s.on('snapshot', (p) => live.update((st) => applySnapshot(st, p, Date.now())));
  s.on('state', (p) => live.update((st) => applyState(st, p, Date.now())));
  s.on('kpi', (p) => live.update((st) => applyKpi(st, p, Date.now())));
  s.on('reserve', (p) => live.update((st) => applyReserve(st, p, Date.now())));
  s.on('alarm', (p) => live.update((st) => applyAlarm(st, p, Date.now())));
  window.addEventListener('offline', goneOffline);
  window.addEventListener('online', backOnline);
}

function goneOffline() {
  connection.set('offline');
}
function backOnline() {
  if (socket && !socket.connected) {
    connection.set('reconnecting');
    socket.connect();
  }
}

export function stopLive(): void {
  clearInterval(silenceCheck);
  lastHeard = null;
  socket?.offAny();
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  window.removeEventListener('offline', goneOffline);
  window.removeEventListener('online', backOnline);
  live.set(emptyLive());
  connection.set('connecting');
}

/** Whether the socket is up now (for tests and the UI). */
export function isLive(): boolean {
  return get(connection) === 'connected';
}
