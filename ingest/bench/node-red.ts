/**
 * `--vs-node-red`: the same load through a batched Node-RED 4 flow, the usual low-code alternative:
 *
 *   mqtt in (QoS 1, `ems/v1/+/+/telemetry`, JSON) → function (topic → measurement/tags, payload → point)
 *     → join (5,000 messages or 1 s) → influxdb batch (node-red-contrib-influxdb, InfluxDB 1.x, precision ms)
 *
 * Node-RED is installed once with npm into a cache folder (default ~/.cache/ems-bench/node-red) and reused.
 * The flow and settings files live there too and take everything that changes per run from the environment
 * (ports: `${NR_MQTT_PORT}` substitution in node properties; the asset types: `env.get('NR_TYPES')`).
 * It runs headless (no editor) with its userDir in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BenchAsset } from './workload.ts';

export function defaultNodeRedDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ems-bench', 'node-red');
}

const PACKAGES = ['node-red@4', 'node-red-contrib-influxdb'];

/** Installs Node-RED into `dir` unless it is there; writes the flow and settings. Returns what to run. */
export function prepareNodeRed(dir: string, log: (line: string) => void): { script: string; settings: string } {
  const script = join(dir, 'node_modules/node-red/red.js');
  const installed = existsSync(script) && existsSync(join(dir, 'node_modules/node-red-contrib-influxdb/package.json'));
  if (!installed) {
    mkdirSync(dir, { recursive: true });
    log(`installing ${PACKAGES.join(' ')} into ${dir} …`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, ...PACKAGES], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const flowFile = join(dir, 'bench-flow.json');
  writeFileSync(flowFile, JSON.stringify(flow(), null, 2));
  const settings = join(dir, 'bench-settings.cjs');
  writeFileSync(
    settings,
    `// written by ingest/bench/node-red.ts: headless Node-RED for the ingest benchmark
module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.NR_HTTP_PORT),
  flowFile: ${JSON.stringify(flowFile)},
  credentialSecret: false,
  disableEditor: true,
  httpAdminRoot: false,
  httpNodeRoot: false,
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};
`,
  );
  return { script, settings };
}

/** Environment of one Node-RED run. */
export function nodeRedEnv(o: {
  httpPort: number;
  mqttPort: number;
  influxPort: number;
  db: string;
  assets: BenchAsset[];
}): Record<string, string> {
  return {
    NR_HTTP_PORT: String(o.httpPort),
    NR_MQTT_PORT: String(o.mqttPort),
    NR_INFLUX_PORT: String(o.influxPort),
    NR_DB: o.db,
    NR_TYPES: JSON.stringify(Object.fromEntries(o.assets.map((a) => [`${a.site}/${a.asset}`, a.type]))),
  };
}

function flow(): Record<string, unknown>[] {
  const tab = 'bench-tab';
  const point = `const p = msg.topic.split('/'); // ems/v1/<site>/<asset>/telemetry
const body = msg.payload;
msg.payload = {
  measurement: context.get('types')[p[2] + '/' + p[3]],
  tags: { site: p[2], asset: p[3] },
  fields: body.values,
  timestamp: body.ts,
};
return msg;`;
  return [
    { id: tab, type: 'tab', label: 'ems ingest benchmark', disabled: false, info: '' },
    {
      id: 'bench-broker',
      type: 'mqtt-broker',
      name: 'mosquitto',
      broker: '127.0.0.1',
      port: '${NR_MQTT_PORT}',
      clientid: 'bench-node-red',
      autoConnect: true,
      usetls: false,
      protocolVersion: '5',
      keepalive: '60',
      cleansession: true,
      autoUnsubscribe: true,
      birthTopic: '',
      closeTopic: '',
      willTopic: '',
    },
    {
      id: 'bench-influx',
      type: 'influxdb',
      hostname: '127.0.0.1',
      port: '${NR_INFLUX_PORT}',
      protocol: 'http',
      database: '${NR_DB}',
      name: 'influxdb',
      usetls: false,
      tls: '',
      influxdbVersion: '1.x',
      url: '',
      timeout: '10',
      rejectUnauthorized: false,
    },
    {
      id: 'bench-in',
      type: 'mqtt in',
      z: tab,
      name: 'telemetry',
      topic: 'ems/v1/+/+/telemetry',
      qos: '1',
      datatype: 'json',
      broker: 'bench-broker',
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      x: 100,
      y: 100,
      wires: [['bench-point']],
    },
    {
      id: 'bench-point',
      type: 'function',
      z: tab,
      name: 'to point',
      func: point,
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: `context.set('types', JSON.parse(env.get('NR_TYPES')));`,
      finalize: '',
      libs: [],
      x: 300,
      y: 100,
      wires: [['bench-join']],
    },
    {
      id: 'bench-join',
      type: 'join',
      z: tab,
      name: '5,000 or 1 s',
      mode: 'custom',
      build: 'array',
      property: 'payload',
      propertyType: 'msg',
      key: 'topic',
      joiner: '\\n',
      joinerType: 'str',
      useparts: false,
      accumulate: false,
      timeout: '1',
      count: '5000',
      reduceRight: false,
      reduceExp: '',
      reduceInit: '',
      reduceInitType: '',
      reduceFixup: '',
      x: 500,
      y: 100,
      wires: [['bench-batch']],
    },
    {
      id: 'bench-batch',
      type: 'influxdb batch',
      z: tab,
      influxdb: 'bench-influx',
      precision: 'ms',
      retentionPolicy: '',
      name: 'write',
      database: '${NR_DB}',
      precisionV18FluxV20: 'ms',
      retentionPolicyV18Flux: '',
      org: '',
      bucket: '',
      x: 700,
      y: 100,
      wires: [],
    },
  ];
}
