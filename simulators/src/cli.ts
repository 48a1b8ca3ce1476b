#!/usr/bin/env -S npx tsx
/** Command line of the simulators: `npm run sim -- --help`. */
import { parseArgs } from 'node:util';
import { loadRegistry, registryPath } from '@ems/runtime';
import { parseDurationMs, parseTimeMs, TIME_MODES, type TimeMode } from './clock.ts';
import { runSimulator } from './runner.ts';
import { SCENARIO_NAMES, parseScenarioNames, type ScenarioOverrides } from './scenarios.ts';

const USAGE = `Usage: npm run sim -- [options]

Simulates every asset of the registry (or a selection) and publishes the MQTT contract
(ems/v1/{site}/{asset}/telemetry, QoS 1; retained .../status online|offline with a last will).

Selection
  --registry <file>          registry YAML (default $EMS_REGISTRY or config/sites.yaml)
  --sites <a,b>              site ids (default: all)
  --assets <x,site/y>        asset ids, or site/asset (default: all of the selected sites)
  --scenario <a,b>           ${SCENARIO_NAMES.join(', ')} (combinable; default normal)
  --seed <n>                 random seed; the same seed gives the same messages (default 1)

Time
  (default)                  real time: simulated time is the wall clock
  --speed <N>                accelerated ×N; starts in the past (--from, or now − --duration, default now − 24h)
                             and never runs ahead of the wall clock (continues in real time once caught up)
  --backfill                 generate --from … --to (default now) as fast as possible, batched
  --from <time> --to <time>  2026-01-01 (UTC midnight), RFC 3339, or UTC ms
  --duration <d>             simulated span, e.g. 90s, 15m, 6h, 30d
  --step <s>|auto            simulated step in seconds, or auto: each asset at its expected_interval_s
                             (default 10; backfill auto)
  --mode <m>                 ${TIME_MODES.join('|')} (instead of --speed/--backfill)

MQTT
  --mqtt-url <url>           broker (default $MQTT_URL or mqtt://localhost:1883)
  --shared-connection        one connection for all devices (no per-device last will)
  --no-status                telemetry only: publish no device status (a backfill beside a live run)
  --no-offline-on-stop       on Ctrl-C/SIGTERM disconnect cleanly without setting the devices offline (the whole
                             demo pausing, not its devices going away; \`npm start\` uses it)
  --resume-counters          continue each meter counter from the state ingest retained (restart beside a
                             running system), instead of starting from a random reading
  --batch-size <n>           samples per telemetry message (default backfill 60, else 1)
  --max-inflight <n>         unacknowledged QoS 1 publishes at most (default 200)
  --client-id-prefix <p>     client ids are {p}-{site}-{asset} (default sim)
  Credentials: $SIM_MQTT_USERNAME and $SIM_MQTT_PASSWORD, each a literal or a template with
  {site} and {asset} (e.g. SIM_MQTT_USERNAME='{site}-{asset}'); on a shared connection both become "shared".

Scenario options
  --cold-snap-offset <K>     cold-snap temperature offset (default -8)
  --outage-start <d>         grid outage starts this long after the start (default 0)
  --outage-duration <d>      grid outage length (default 24h)
  --fire-draw-m3h <n>        fire-fighting draw from each storage tank during the outage (default 60)
  --fire-start <d>           fire fighting starts this long into the outage (default 1h)
  --fire-duration <d>        and lasts (default 3h)
  --fault-probability <p>    sensor-faults: chance per sample that a fault starts (default 0.002)
  --malformed-rate <r>       malformed: share of telemetry messages made malformed (default 0.02)
  --disconnect-every <d>     disconnect: a device drops off every … (default 30m)
  --disconnect-for <d>       and stays away (default 5m)
  --disconnect-asset <s/a>   the device that drops off (default a random one each time)

  -q, --quiet                no progress lines
  -h, --help                 this text

Examples
  npm run sim -- --scenario grid-outage,sensor-faults --speed 60 --sites minato-dhc,ebina-bousai --seed 42
  npm run sim -- --backfill --from 2026-01-01 --to 2026-02-01 --shared-connection
`;

const { values } = parseArgs({
  allowPositionals: false,
  options: {
    registry: { type: 'string' },
    sites: { type: 'string' },
    assets: { type: 'string' },
    scenario: { type: 'string' },
    seed: { type: 'string' },
    speed: { type: 'string' },
    backfill: { type: 'boolean' },
    mode: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    duration: { type: 'string' },
    step: { type: 'string' },
    'mqtt-url': { type: 'string' },
    'shared-connection': { type: 'boolean' },
    'no-status': { type: 'boolean' },
    'no-offline-on-stop': { type: 'boolean' },
    'resume-counters': { type: 'boolean' },
    'batch-size': { type: 'string' },
    'max-inflight': { type: 'string' },
    'client-id-prefix': { type: 'string' },
    'cold-snap-offset': { type: 'string' },
    'outage-start': { type: 'string' },
    'outage-duration': { type: 'string' },
    'fire-draw-m3h': { type: 'string' },
    'fire-start': { type: 'string' },
    'fire-duration': { type: 'string' },
    'fault-probability': { type: 'string' },
    'malformed-rate': { type: 'string' },
    'disconnect-every': { type: 'string' },
    'disconnect-for': { type: 'string' },
    'disconnect-asset': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  },
});

function num(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got "${text}"`);
  return n;
}
const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const dur = (text: string | undefined) => (text === undefined ? undefined : parseDurationMs(text));
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const mode: TimeMode = values.mode
    ? (TIME_MODES as readonly string[]).includes(values.mode)
      ? (values.mode as TimeMode)
      : (() => {
          throw new RangeError(`--mode must be one of ${TIME_MODES.join(', ')}`);
        })()
    : values.backfill
      ? 'backfill'
      : values.speed !== undefined
        ? 'accelerated'
        : 'realtime';
  const registry = loadRegistry(registryPath(process.argv));
  const scenarioOptions: ScenarioOverrides = {
    coldSnap: defined({ offset_c: num('cold-snap-offset', values['cold-snap-offset']) }),
    gridOutage: defined({
      start_after_ms: dur(values['outage-start']),
      duration_ms: dur(values['outage-duration']),
      fire_draw_m3h: num('fire-draw-m3h', values['fire-draw-m3h']),
      fire_start_after_ms: dur(values['fire-start']),
      fire_duration_ms: dur(values['fire-duration']),
    }),
    sensorFaults: defined({ probability: num('fault-probability', values['fault-probability']) }),
    malformed: defined({ rate: num('malformed-rate', values['malformed-rate']) }),
    disconnect: defined({
      every_ms: dur(values['disconnect-every']),
      duration_ms: dur(values['disconnect-for']),
      asset: values['disconnect-asset'],
    }),
  };
  const mqttUrl = values['mqtt-url'] ?? process.env.MQTT_URL ?? 'mqtt://localhost:1883';
  const runner = runSimulator({
    registry,
    mqttUrl,
    mode,
    sites: list(values.sites),
    assets: list(values.assets),
    scenarios: parseScenarioNames(values.scenario),
    scenarioOptions,
    seed: num('seed', values.seed) ?? 1,
    speed: num('speed', values.speed),
    stepMs: values.step === undefined || values.step === 'auto' ? values.step : num('step', values.step)! * 1000,
    fromMs: values.from === undefined ? undefined : parseTimeMs(values.from),
    toMs: values.to === undefined ? undefined : parseTimeMs(values.to),
    durationMs: dur(values.duration),
    batchSize: num('batch-size', values['batch-size']),
    maxInflight: num('max-inflight', values['max-inflight']),
    sharedConnection: values['shared-connection'] ?? false,
    publishStatus: !(values['no-status'] ?? false),
    offlineOnStop: !(values['no-offline-on-stop'] ?? false),
    resumeCounters: values['resume-counters'] ?? false,
    clientIdPrefix: values['client-id-prefix'],
    progress: values.quiet
      ? false
      : mode === 'backfill'
        ? true
        : (p) => process.stderr.write(`${p.samples} samples, sim ${new Date(p.sim_ms).toISOString()}\n`),
  });
  const { plan } = runner;
  process.stderr.write(
    `simulators: ${mode}, ${runner.simulation.assets.length} assets, scenarios ${[...runner.simulation.config.names].join(',')}, ` +
      `${new Date(plan.startMs).toISOString()} → ${plan.endMs === undefined ? '…' : new Date(plan.endMs).toISOString()}` +
      `${plan.cappedEnd ? ' (end capped to now)' : ''}, step ${plan.stepMs / 1000} s, broker ${mqttUrl}\n`,
  );
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(
      values['no-offline-on-stop'] ? 'stopping: disconnecting…\n' : 'stopping: publishing offline statuses…\n',
    );
    void runner.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runner.done;
  const s = runner.stats;
  const secs = ((s.finishedAtMs ?? Date.now()) - s.startedAtMs) / 1000;
  process.stderr.write(
    `done: ${s.samples.toLocaleString('en')} samples in ${s.messages.toLocaleString('en')} messages (${s.malformed} malformed) ` +
      `in ${secs.toFixed(1)} s, ${Math.round(s.samples / Math.max(secs, 1e-3)).toLocaleString('en')} samples/s\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`simulators: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
