import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { RegistryIndex } from '@ems/domain';
import type { Logger } from '@ems/runtime';
import type { AlarmService } from '../alarms/service.ts';
import { allows, type Principal } from '../auth/access.ts';
import type { LiveModel } from '../live/model.ts';
import { toAssetLive } from '../live/views.ts';
import type { AuthService } from '../plugins/app/auth.ts';
import type { ApiMetrics } from '../plugins/app/metrics.ts';
import {
  SubscribeRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
} from '../schemas/socket.ts';

interface SocketData {
  principal: Principal;
  expiry?: NodeJS.Timeout;
}

const checkSubscribe = TypeCompiler.Compile(SubscribeRequest);
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface LiveHubOptions {
  server: HttpServer;
  registry: RegistryIndex;
  live: LiveModel;
  alarms: AlarmService;
  auth: AuthService;
  metrics: ApiMetrics;
  log: Logger;
  throttleMs: number;
  /** Time between `heartbeat` events (LIVE_HEARTBEAT_MS). */
  heartbeatMs: number;
  corsOrigins: readonly string[];
}

const room = (site: string) => `site:${site}`;

/**
 * socket.io on the Fastify HTTP server (path /socket.io). Handshake authenticated with the session cookie or
 * `auth.token` (the read scope is needed); clients join site rooms; updates are coalesced per site (each asset at
 * most once per throttle window, always its newest state) and sent as `state`, `kpi` and `reserve`; alarms as
 * `alarm`. Every socket gets `heartbeat` (the server's clock) on connection and every heartbeatMs, so a browser
 * tells a live server from a hung one whose TCP connections stay open. A socket is disconnected when its session
 * is signed out (in any API process) or expires.
 */
export class LiveHub {
  /** Created by start(): a constructor only stores what the hub needs. */
  private io!: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly dirty = new Map<string, Set<string>>();
  private readonly lastFlush = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastDataState = new Map<string, string>();
  private readonly lastReserve = new Map<string, string>();
  private ticker: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private tickCount = 0;
  private running = false;

  constructor(private readonly o: LiveHubOptions) {}

  async start(): Promise<void> {
    const o = this.o;
    this.running = true;
    this.io = new Server(o.server, {
      path: '/socket.io',
      serveClient: false,
      ...(o.corsOrigins.length ? { cors: { origin: [...o.corsOrigins], credentials: true } } : {}),
    });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const principal =
        typeof token === 'string'
          ? o.auth.fromToken(token)
          : o.auth.fromHeaders({
              cookie: socket.handshake.headers.cookie,
              authorization: socket.handshake.headers.authorization,
            });
      if (!principal) {
        next(new Error('unauthorized: sign in or pass a valid API token as auth.token'));
        return;
      }
      if (!allows(principal, 'read')) {
        next(new Error('forbidden: this API token has no read scope'));
        return;
      }
      socket.data.principal = principal;
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    o.live.on('asset', this.onAsset);
    o.alarms.on('alarm', this.onAlarm);
    o.auth.revocations.on('revoked', this.onRevoked);
    this.ticker = setInterval(() => this.tick(), 1_000);
    this.ticker.unref();
    this.heartbeat = setInterval(() => this.io.emit('heartbeat', this.heartbeatPayload()), o.heartbeatMs);
    this.heartbeat.unref();
  }

  private heartbeatPayload() {
    return { server_time: this.o.live.now(), interval_ms: this.o.heartbeatMs };
  }

  /** Disconnects every socket (before the HTTP server closes, so no socket keeps it open). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.ticker);
    clearInterval(this.heartbeat);
    for (const t of this.timers.values()) clearTimeout(t);
    this.o.live.off('asset', this.onAsset);
    this.o.alarms.off('alarm', this.onAlarm);
    this.o.auth.revocations.off('revoked', this.onRevoked);
    this.io.disconnectSockets(true);
    this.io.engine.close();
  }

  private onConnection(socket: LiveSocket): void {
    this.o.metrics.liveClients.inc();
    const expires_ms = socket.data.principal.expires_ms;
    if (expires_ms !== undefined) {
      socket.data.expiry = setTimeout(
        () => this.endSession(socket, 'expired'),
        Math.min(MAX_TIMER_MS, Math.max(0, expires_ms - Date.now())),
      );
      socket.data.expiry.unref();
    }
    socket.on('disconnect', () => {
      clearTimeout(socket.data.expiry);
      this.o.metrics.liveClients.dec();
    });
    socket.emit('heartbeat', this.heartbeatPayload());
    // What a client sends is checked against its schema before use; a bad request gets an error ack.
    socket.on('subscribe', (req: unknown, ack: unknown) =>
      this.answer(socket, 'subscribe', req, ack, (sites) => {
        for (const s of sites) void socket.join(room(s));
        socket.emit('snapshot', this.snapshot(sites));
      }),
    );
    socket.on('unsubscribe', (req: unknown, ack: unknown) =>
      this.answer(socket, 'unsubscribe', req, ack, (sites) => {
        for (const s of sites) void socket.leave(room(s));
      }),
    );
  }

  private answer(socket: LiveSocket, event: string, req: unknown, ack: unknown, act: (sites: string[]) => void): void {
    let result: SubscribeAck;
    try {
      if (!checkSubscribe.Check(req))
        result = {
          ok: false,
          sites: [],
          unknown: [],
          error: `${event} takes "all" or a list of up to 1,000 site ids (strings of at most 64 characters).`,
        };
      else {
        result = this.resolve(req);
        act(result.sites);
      }
    } catch (err) {
      this.o.log.error({ err, event, socket: socket.id }, 'socket event failed');
      result = {
        ok: false,
        sites: [],
        unknown: [],
        error: 'The server could not handle this request; it has been logged.',
      };
    }
    if (typeof ack === 'function') (ack as (r: SubscribeAck) => void)(result);
  }

  private resolve(req: SubscribeRequest): SubscribeAck {
    if (req === 'all') return { ok: true, sites: this.o.registry.allSites().map((s) => s.id), unknown: [] };
    const sites: string[] = [];
    const unknown: string[] = [];
    for (const id of new Set(req)) {
      if (this.o.registry.site(id)) sites.push(id);
      else unknown.push(id);
    }
    return { ok: unknown.length === 0, sites, unknown };
  }

  private readonly onRevoked = (sid: string): void => {
    for (const socket of this.io.sockets.sockets.values())
      if (socket.data.principal?.sid === sid) this.endSession(socket, 'signed_out');
  };

  private endSession(socket: LiveSocket, reason: 'signed_out' | 'expired'): void {
    socket.emit('session_ended', { reason });
    socket.disconnect(true);
  }

  snapshot(sites: readonly string[]) {
    const now = this.o.live.now();
    return {
      generated_at: now,
      sites: sites.map((id) => {
        const live = this.o.live.site(id, now)!;
        return {
          site: id,
          assets: live.views.map((v) => toAssetLive(id, v)),
          kpis: live.kpis,
          reserve: live.reserve,
          alarms: this.o.alarms.list({ state: 'all', site: id }),
        };
      }),
    };
  }

  private readonly onAsset = (site: string, asset: string): void => {
    let set = this.dirty.get(site);
    if (!set) this.dirty.set(site, (set = new Set()));
    set.add(asset);
    this.schedule(site);
  };

  private readonly onAlarm = (alarm: { site: string }): void => {
    this.io.to(room(alarm.site)).emit('alarm', alarm as Parameters<ServerToClientEvents['alarm']>[0]);
  };

  private schedule(site: string): void {
    if (this.timers.has(site)) return;
    const wait = Math.max(0, (this.lastFlush.get(site) ?? 0) + this.o.throttleMs - Date.now());
    this.timers.set(
      site,
      setTimeout(() => {
        this.timers.delete(site);
        this.flush(site);
      }, wait),
    );
  }

  /** Sends the newest state of each changed asset of a site, then the site's KPIs and reserve. */
  private flush(site: string): void {
    const assets = this.dirty.get(site);
    this.dirty.delete(site);
    this.lastFlush.set(site, Date.now());
    const live = this.o.live.site(site);
    if (!live) return;
    const target = this.io.to(room(site));
    for (const v of live.views) {
      this.lastDataState.set(`${site}/${v.asset.id}`, v.data_state);
      if (assets?.has(v.asset.id)) target.emit('state', toAssetLive(site, v));
    }
    target.emit('kpi', live.kpis);
    const reserve = live.reserve;
    this.lastReserve.set(site, reserve.status);
    target.emit('reserve', reserve);
  }

  /** Once a second: assets that turned stale (or live) and reserve status changes are pushed; every 10 s a refresh. */
  private tick(): void {
    this.tickCount++;
    const now = this.o.live.now();
    for (const s of this.o.registry.allSites()) {
      if (!this.io.sockets.adapter.rooms.get(room(s.id))?.size) continue;
      const live = this.o.live.site(s.id, now)!;
      if (this.tickCount % 10 === 0 && !this.timers.has(s.id)) {
        // refresh ages and staleness flags of the site figures without using up the per-site update window
        const target = this.io.to(room(s.id));
        target.emit('kpi', live.kpis);
        target.emit('reserve', live.reserve);
      }
      let changed = live.reserve.status !== this.lastReserve.get(s.id);
      for (const v of live.views) {
        const key = `${s.id}/${v.asset.id}`;
        if (this.lastDataState.get(key) !== v.data_state) {
          let set = this.dirty.get(s.id);
          if (!set) this.dirty.set(s.id, (set = new Set()));
          set.add(v.asset.id);
          changed = true;
        }
      }
      if (changed) this.schedule(s.id);
    }
  }
}
