/**
 * Live data over socket.io: subscribe to every site, apply the snapshot, then `state`, `kpi`, `reserve` and
 * `alarm` events (pure reducers in utils/live.ts). socket.io reconnects by itself; the connection store says
 * whether the figures are live, and when the last update came.
 */
import { io, type Socket } from 'socket.io-client';
import { derived, get, writable } from 'svelte/store';
import type { ClientToServerEvents, ServerToClientEvents } from '../api/types.ts';
import {
  applyAlarm,
  applyKpi,
  applyReserve,
  applySnapshot,
  applyState,
  emptyLive,
  type LiveState,
} from '../utils/live.ts';
import { now } from './clock.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export const live = writable<LiveState>(emptyLive());
export const connection = writable<ConnectionState>('connecting');

/** The server's clock (client clock corrected by the snapshot's offset), ticking every second. */
export const serverNow = derived([now, live], ([n, l]) => n + l.clockOffsetMs);

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let socket: LiveSocket | null = null;
let failures = 0;
/** After this many failed reconnection attempts (or when the browser is offline) the state is "offline". */
const OFFLINE_AFTER = 3;

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
  });
  socket = s;
  s.on('connect', () => {
    failures = 0;
    connection.set('connected');
    s.emit('subscribe', 'all');
  });
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
