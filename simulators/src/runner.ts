/**
 * Runs a simulation against an MQTT broker in one of the time modes, with bounded in-flight publishes
 * (QoS 1 acknowledgements awaited in windows) and progress on stderr for long backfills.
 */
import type { RegistryIndex } from '@ems/domain';
import { Pacer, planClock, type ClockPlan, type TimeMode } from './clock.ts';
import { MqttFleet } from './mqtt.ts';
import { resumeCounters } from './resume.ts';
import {
  createSimulation,
  intervalStepMs,
  type SimMessage,
  type Simulation,
  type SimulationOptions,
} from './simulation.ts';

export interface RunnerOptions extends Omit<SimulationOptions, 'startMs' | 'batchSize' | 'registry'> {
  registry: RegistryIndex;
  mqttUrl: string;
  mode: TimeMode;
  /** Accelerated: simulated seconds per wall second (default 60). */
  speed?: number;
  /**
   * Simulated step, ms, or 'auto': the step at which every asset publishes at its expected interval
   * (intervalStepMs). Default 10 s; backfill 'auto'.
   */
  stepMs?: number | 'auto';
  fromMs?: number;
  toMs?: number;
  durationMs?: number;
  /** Samples per telemetry message (default 60 in backfill, else 1). */
  batchSize?: number;
  /** Publishes awaited together: at most this many messages are in flight (default 200). */
  maxInflight?: number;
  sharedConnection?: boolean;
  username?: string;
  password?: string;
  /** false: telemetry only, no device status (see MqttFleet). */
  publishStatus?: boolean;
  /** false: stop() leaves the devices' status as it is (see MqttFleet offlineOnClose). */
  offlineOnStop?: boolean;
  /** Continue every counter from the state ingest retained (a restart beside a running system). */
  resumeCounters?: boolean;
  clientIdPrefix?: string;
  /** Progress lines on stderr (default: on in backfill). Or a callback. */
  progress?: boolean | ((p: Progress) => void);
  /** Called with every message before it is published (tests use it to know the malformed ones). */
  onMessage?: (msg: SimMessage) => void;
  /** Wall clock (tests). */
  now?: () => number;
}

export interface Progress {
  fraction: number | undefined;
  sim_ms: number;
  messages: number;
  samples: number;
  samples_per_s: number;
  eta_s: number | undefined;
  elapsed_s: number;
}

export interface RunStats {
  messages: number;
  samples: number;
  malformed: number;
  startedAtMs: number;
  finishedAtMs?: number;
}

export interface RunningSimulator {
  /** Stops the run: publishes what is pending, sets every device `offline` (see offlineOnStop), disconnects. */
  stop(): Promise<void>;
  /** Settles when the run ended (backfill finished, end reached, or stopped); rejects on an MQTT failure. */
  done: Promise<void>;
  readonly simulation: Simulation;
  readonly plan: ClockPlan;
  readonly stats: RunStats;
}

function formatEta(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '?';
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.round(s)}s`;
}

export function formatProgress(p: Progress): string {
  const pct = p.fraction === undefined ? '' : `${(p.fraction * 100).toFixed(1)}% `;
  return (
    `sim ${pct}${new Date(p.sim_ms).toISOString().slice(0, 16)}Z  ${p.samples.toLocaleString('en')} samples` +
    ` in ${p.messages.toLocaleString('en')} msgs  ${Math.round(p.samples_per_s).toLocaleString('en')} samples/s` +
    (p.fraction === undefined ? '' : `  ETA ${formatEta(p.eta_s)}`)
  );
}

export function runSimulator(opts: RunnerOptions): RunningSimulator {
  const now = opts.now ?? Date.now;
  const step = opts.stepMs ?? (opts.mode === 'backfill' ? 'auto' : undefined);
  const plan = planClock(
    {
      mode: opts.mode,
      stepMs: step === 'auto' ? intervalStepMs(opts) : step,
      speed: opts.speed,
      fromMs: opts.fromMs,
      toMs: opts.toMs,
      durationMs: opts.durationMs,
    },
    now(),
  );
  const simulation = createSimulation({
    registry: opts.registry,
    sites: opts.sites,
    assets: opts.assets,
    scenarios: opts.scenarios,
    scenarioOptions: opts.scenarioOptions,
    seed: opts.seed,
    startMs: plan.startMs,
    batchSize: opts.batchSize ?? (opts.mode === 'backfill' ? 60 : 1),
  });
  const stats: RunStats = { messages: 0, samples: 0, malformed: 0, startedAtMs: now() };
  const maxInflight = Math.max(1, opts.maxInflight ?? 200);
  const progress = opts.progress ?? opts.mode === 'backfill';
  const report =
    typeof progress === 'function'
      ? progress
      : progress
        ? (p: Progress) => process.stderr.write(`${formatProgress(p)}\n`)
        : undefined;

  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const fleet = new MqttFleet(
    {
      url: opts.mqttUrl,
      sharedConnection: opts.sharedConnection,
      username: opts.username,
      password: opts.password,
      clientIdPrefix: opts.clientIdPrefix,
      publishStatus: opts.publishStatus ?? true,
      offlineOnClose: opts.offlineOnStop ?? true,
    },
    simulation.assets,
  );

  let window: Promise<void>[] = [];
  const drain = async () => {
    const pending = window;
    window = [];
    await Promise.all(pending);
  };
  const send = async (msg: SimMessage) => {
    opts.onMessage?.(msg);
    stats.messages++;
    stats.samples += msg.samples;
    if (msg.malformed) stats.malformed++;
    if (msg.event) {
      // a device going away or coming back: everything before it is acknowledged first, in order
      await drain();
      await fleet.publish(msg);
      return;
    }
    window.push(fleet.publish(msg));
    if (window.length >= maxInflight) await drain();
  };

  const progressEveryMs = 2000;
  let lastProgress = now();
  const emitProgress = (force = false) => {
    if (!report) return;
    const t = now();
    if (!force && t - lastProgress < progressEveryMs) return;
    lastProgress = t;
    const elapsed = (t - stats.startedAtMs) / 1000;
    const span = plan.endMs === undefined ? undefined : plan.endMs - plan.startMs;
    const fraction = span ? Math.min(1, (simulation.nowMs - plan.startMs) / span) : undefined;
    report({
      fraction,
      sim_ms: simulation.nowMs,
      messages: stats.messages,
      samples: stats.samples,
      samples_per_s: elapsed > 0 ? stats.samples / elapsed : 0,
      eta_s: fraction && fraction > 0 ? (elapsed * (1 - fraction)) / fraction : undefined,
      elapsed_s: elapsed,
    });
  };

  const loop = async () => {
    try {
      if (opts.resumeCounters) {
        const resumed = await resumeCounters(simulation, {
          url: opts.mqttUrl,
          ...(opts.username ? { username: opts.username } : {}),
          ...(opts.password ? { password: opts.password } : {}),
        });
        if (opts.progress !== false) process.stderr.write(`resumed ${resumed} counter readings from retained state\n`);
      }
      await fleet.start();
      const pacer = new Pacer(plan, now);
      while (!stopped) {
        const next = simulation.nowMs + plan.stepMs;
        if (plan.endMs !== undefined && next > plan.endMs) break;
        const wait = pacer.delayBefore(next);
        if (wait > 0) {
          await drain();
          await sleep(wait);
          continue;
        }
        for (const msg of simulation.step(plan.stepMs)) await send(msg);
        emitProgress();
      }
      for (const msg of simulation.flush()) await send(msg);
      await drain();
      emitProgress(true);
    } finally {
      stats.finishedAtMs = now();
      await fleet.stop();
    }
  };

  const done = loop();
  done.catch(() => {}); // the caller sees the failure through `done`
  return {
    simulation,
    plan,
    stats,
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => {});
    },
  };
}
