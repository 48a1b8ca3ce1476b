import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { FastifyInstance } from 'fastify';
import { buildTopic, deriveSample, parseRegistry, RegistryIndex, type StatePayload } from '@ems/domain';
import { readSettings } from '@ems/runtime';
import {
  createDatabase,
  freePort,
  influxWrite,
  spawnManaged,
  startInflux,
  startMosquitto,
  waitUntilReady,
  type InfluxHandle,
  type ManagedProcess,
  type MosquittoHandle,
} from '@ems/testkit';
import { buildApp } from '../src/app.ts';
import { hashPassword, hashToken } from '../src/auth/password.ts';
import { parseUsers, type UserStore } from '../src/auth/users.ts';
import { ApiSettingsSchema } from '../src/settings.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';
const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The api as users run it: its own Node process (`api/src/main.ts`), on a free port. */
export interface ApiProcess {
  url: string;
  process: ManagedProcess;
  alive(): boolean;
  stop(): Promise<void>;
}

export const PASSWORDS = { admin: 'demo-admin', operator: 'demo-operator', viewer: 'demo-viewer' } as const;
/** API tokens of the test users file and their scopes. */
export const TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  metrics: 'metrics-token-0123456789',
} as const;
const TOKEN_SCOPES: Record<keyof typeof TOKENS, string> = {
  viewer: '[read]',
  operator: '[read, operate]',
  metrics: '[metrics]',
};

let usersText: Promise<string> | undefined;
/** The test users file: cheap scrypt parameters, same format as config/users.yaml. */
export function testUsersYaml(): Promise<string> {
  usersText ??= (async () => {
    const p = { N: 1024, r: 8, p: 1 };
    const lines = ['users:'];
    for (const [u, pw] of Object.entries(PASSWORDS))
      lines.push(`  - { username: ${u}, name: Test ${u}, role: ${u}, password_hash: "${await hashPassword(pw, p)}" }`);
    lines.push('tokens:');
    for (const [name, t] of Object.entries(TOKENS))
      lines.push(
        `  - { name: ${name}-bot, scopes: ${TOKEN_SCOPES[name as keyof typeof TOKENS]}, token_hash: ${hashToken(t)} }`,
      );
    return lines.join('\n');
  })();
  return usersText;
}

export async function testUsers(): Promise<UserStore> {
  return parseUsers(await testUsersYaml(), 'test-users.yaml');
}

/** A test site with one asset of each kind; grid factor fixed at 0.5 kg/kWh. */
export const TEST_REGISTRY = `version: 1
grid_emission_factors:
  - { from_date: '2000-01-01', value: 0.5 }
sites:
  - id: alpha
    name: { ja: アルファ, en: Alpha }
    location: { lat: 35, lon: 139 }
    population_served: 100
    reserve: { warning_hours: 24, critical_hours: 6, living_water_l_per_person_day: 20, critical_load_kw: 10 }
    alarm_rules:
      - { id: tank-top-cold, asset: tank, metric: temp_top_c, below: 50, hysteresis: 2, min_duration_s: 0, severity: warning }
    assets:
      - { id: hp, type: heat_pump, name: { ja: HP, en: HP }, rated_power_kw: 120, rated_heat_kw: 400, min_cop: 2.0 }
      - { id: boiler, type: boiler, name: { ja: ボイラ, en: Boiler }, fuel: kerosene, rated_heat_kw: 300, efficiency: 0.9 }
      - { id: chp, type: chp, name: { ja: CHP, en: CHP }, fuel: city_gas, rated_power_kw: 200, rated_heat_kw: 250, electric_efficiency: 0.35, thermal_efficiency: 0.45 }
      - { id: tank, type: storage_tank, name: { ja: 蓄熱槽, en: Tank }, area_m2: 10, height_m: 10, dead_volume_m3: 5, fire_reserve_m3: 40, min_useful_temp_c: 40 }
      - { id: oil, type: fuel_tank, name: { ja: 灯油タンク, en: Kerosene tank }, fuel: kerosene, capacity_l: 5000 }
      - { id: meter, type: heat_meter, name: { ja: 熱量計, en: Heat meter } }
      - { id: grid, type: grid_meter, name: { ja: 受電, en: Grid } }
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 50 }
      - { id: battery, type: battery, name: { ja: 蓄電池, en: Battery }, capacity_kwh: 100, rated_power_kw: 50 }
  - id: beta
    name: { ja: ベータ, en: Beta }
    location: { lat: 35, lon: 139 }
    population_served: 10
    assets:
      - { id: tank, type: storage_tank, name: { ja: 槽, en: Tank }, area_m2: 10, height_m: 10, dead_volume_m3: 5, fire_reserve_m3: 40, expected_interval_s: 1 }
      - { id: meter, type: heat_meter, name: { ja: 熱量計, en: Heat meter }, expected_interval_s: 1 }
`;

export interface Stack {
  broker: MosquittoHandle;
  influx: InfluxHandle;
  registry: RegistryIndex;
  registryFile: string;
  publisher: MqttClient;
  /** Publishes a retained normalised state as ingest does (values → derived with the domain functions). */
  publishState(
    site: string,
    asset: string,
    values: Record<string, number | boolean>,
    ts?: number,
    extra?: Partial<StatePayload>,
  ): Promise<StatePayload>;
  publishStatus(site: string, asset: string, status: 'online' | 'offline'): Promise<void>;
  app(env?: Record<string, string>): Promise<FastifyInstance>;
  /** Writes line protocol (ms) into the test database directly, as history stored before a test. */
  influxWrite(lines: string[]): Promise<void>;
  /** Starts the api as its own process against this broker and database. */
  apiProcess(env?: Record<string, string>): Promise<ApiProcess>;
  close(): Promise<void>;
}

export async function startStack(registryYaml = TEST_REGISTRY): Promise<Stack> {
  const [broker, influx] = await Promise.all([startMosquitto(), startInflux()]);
  await createDatabase(influx.url, 'ems');
  const dir = mkdtempSync(join(tmpdir(), 'api-test-'));
  const registryFile = join(dir, 'sites.yaml');
  writeFileSync(registryFile, registryYaml);
  const registry = new RegistryIndex(parseRegistry(registryYaml, registryFile));
  const publisher = mqtt.connect(broker.url, { clientId: `test-pub-${Math.random()}` });
  await new Promise<void>((resolve, reject) => {
    publisher.once('connect', () => resolve());
    publisher.once('error', reject);
  });
  const apps: FastifyInstance[] = [];
  const processes: ApiProcess[] = [];
  const usersFile = join(dir, 'users.yaml');
  writeFileSync(usersFile, await testUsersYaml());
  const stack: Stack = {
    broker,
    influx,
    registry,
    registryFile,
    publisher,
    async publishState(site, asset, values, ts = Date.now(), extra = {}) {
      const ref = registry.asset(site, asset)!;
      const d = deriveSample({ site: ref.site, asset: ref.asset, fuel: (f) => registry.fuel(f) }, ts, values);
      const state: StatePayload = {
        ts,
        received_ms: Date.now(),
        type: ref.asset.type,
        values,
        derived: d.derived,
        rejected: {},
        faults: d.faults,
        ...extra,
      };
      await publisher.publishAsync(buildTopic(site, asset, 'state'), JSON.stringify(state), { qos: 1, retain: true });
      return state;
    },
    async publishStatus(site, asset, status) {
      await publisher.publishAsync(buildTopic(site, asset, 'status'), status, { qos: 1, retain: true });
    },
    async app(env = {}) {
      const settings = readSettings(ApiSettingsSchema, {
        MQTT_URL: broker.url,
        INFLUX_URL: influx.url,
        SESSION_SECRET: TEST_SECRET,
        WEB_DIST: join(dir, 'no-web'),
        LOG_LEVEL: 'warn',
        ALARM_MIN_DURATION_S: '1',
        ...env,
      });
      const app = await buildApp({ settings, registry, users: await testUsers(), logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
      return app;
    },
    influxWrite: (lines) => influxWrite(influx.url, 'ems', lines),
    async apiProcess(env = {}) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const managed = spawnManaged(
        `api (port ${port})`,
        process.execPath,
        ['--import', 'tsx', 'api/src/main.ts'],
        REPO_ROOT,
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          MQTT_URL: broker.url,
          INFLUX_URL: influx.url,
          EMS_REGISTRY: registryFile,
          EMS_USERS: usersFile,
          SESSION_SECRET: TEST_SECRET,
          WEB_DIST: join(dir, 'no-web'),
          LOG_LEVEL: 'warn',
          ALARM_MIN_DURATION_S: '1',
          ...env,
        },
      );
      const ready = async () => {
        try {
          return (await fetch(`${url}/api/health`)).status === 200;
        } catch {
          return false;
        }
      };
      // tsx loads the api in a few seconds, but on a loaded machine (the browser tests' stacks beside) it takes
      // longer than 30 s
      await waitUntilReady(managed, ready, 90_000, `GET ${url}/api/health answered 200`);
      const handle: ApiProcess = {
        url,
        process: managed,
        alive: () => managed.child.exitCode === null && managed.child.signalCode === null,
        stop: () => managed.stop(5_000),
      };
      processes.push(handle);
      return handle;
    },
    async close() {
      await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
      await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
      await publisher.endAsync(true);
      await Promise.all([broker.destroy(), influx.destroy()]);
    },
  };
  return stack;
}

export function baseUrl(app: FastifyInstance): string {
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${addr.port}`;
}

/** Signs in through the API and returns the Cookie header value. */
export async function signIn(app: FastifyInstance, user: keyof typeof PASSWORDS): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username: user, password: PASSWORDS[user] },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'ems_session')!;
  return `ems_session=${c.value}`;
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
