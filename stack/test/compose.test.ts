import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TypeGuard, type TObject } from '@sinclair/typebox';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ApiSettingsSchema } from '@ems/api';
import { IngestSettingsSchema } from '@ems/ingest';
import { MQTT_MAX_PACKET_BYTES } from '@ems/domain';
import { REGISTRY_ENV } from '@ems/runtime';
import { CREDENTIALS_CLI, ENTRY_POINTS, compiledPath, type ServiceName } from '../src/services.ts';
import { LauncherSettings } from '../src/launcher-settings.ts';

const root = resolve(import.meta.dirname, '../..');

function findDockerCompose(): string {
  for (const dir of ['/usr/bin', '/usr/local/bin'])
    if (existsSync(`${dir}/docker-compose`)) return `${dir}/docker-compose`;
  throw new Error(
    "docker-compose is missing: install Debian's package with `apt-get install -y docker-compose` (.ci/run does)",
  );
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | null>;
  secrets?: unknown[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
  volumes?: unknown[];
}

/** What `docker-compose config` makes of the file: parsed without a Docker engine. */
const config = parse(
  execFileSync(findDockerCompose(), ['-f', 'docker-compose.yml', 'config'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, COMPOSE_PROJECT_NAME: 'ems-test' },
  }),
) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

/** Variables a service may read besides its settings schema (read through @ems/runtime). */
const COMMON = [REGISTRY_ENV, 'NODE_ENV'];
const SIMULATOR_ENV = ['MQTT_URL', 'SIM_MQTT_USERNAME', 'SIM_MQTT_PASSWORD', 'SIM_MQTT_PASSWORDS_FILE'];

function checkEnvironment(service: string, schema: TObject | null, extra: string[] = []): void {
  const env = config.services[service]?.environment ?? {};
  const known = new Set([...(schema ? Object.keys(schema.properties) : []), ...COMMON, ...extra]);
  for (const name of Object.keys(env)) {
    const base = name.endsWith('_FILE') && known.has(name.slice(0, -5)) ? name.slice(0, -5) : name;
    expect(known.has(base), `${service} sets ${name}, which it does not read`).toBe(true);
  }
  if (!schema) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    const optional = TypeGuard.IsOptional(property);
    const hasDefault = (property as { default?: unknown }).default !== undefined;
    if (optional || hasDefault) continue;
    expect(name in env || `${name}_FILE` in env, `${service} must set ${name}`).toBe(true);
  }
}

describe('docker-compose.yml (validated by `docker-compose config`, no engine needed)', () => {
  it('defines the whole stack with health checks and volumes', () => {
    expect(Object.keys(config.services).sort()).toEqual(
      ['api', 'influxdb', 'ingest', 'mosquitto', 'mqtt-credentials', 'simulators'].sort(),
    );
    for (const name of ['mosquitto', 'influxdb', 'ingest', 'api'])
      expect(config.services[name]?.healthcheck, `${name} health check`).toBeDefined();
    expect(config.services.influxdb?.image).toMatch(/^influxdb:1\./);
    expect(Object.keys(config.volumes)).toEqual(
      expect.arrayContaining(['mqtt-data', 'influxdb-data', 'ingest-spool', 'mqtt-auth']),
    );
  });

  it('sets every environment variable the services read, and none they do not', () => {
    checkEnvironment('ingest', IngestSettingsSchema);
    checkEnvironment('api', ApiSettingsSchema);
    checkEnvironment('simulators', null, SIMULATOR_ENV);
    // In production the API refuses to start without a shared session secret.
    expect(config.services.api?.environment).toHaveProperty('SESSION_SECRET_FILE');
    expect(config.services.ingest?.environment?.MQTT_URL).toBe('mqtt://mosquitto:1883');
    expect(config.services.ingest?.environment?.INFLUX_URL).toBe('http://influxdb:8086');
  });

  it('runs the same compiled entry points as `npm start`, with plain node, from the one Dockerfile', () => {
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY \. \.$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    // the runtime image: a Node release with security fixes, production dependencies only, no TypeScript at run time
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const runtime = stages.at(-1)!;
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)-bookworm-slim$/m);
    expect(runtime).toMatch(/^\$\{NODE_IMAGE\}\n/);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev /m);
    expect(runtime).not.toMatch(/npm ci --no-audit|npm install|COPY \. /);
    expect(runtime).toContain(`CMD ["node", "${compiledPath(ENTRY_POINTS.api)}"]`);
    for (const service of Object.keys(ENTRY_POINTS) as ServiceName[]) {
      const command = config.services[service]?.command ?? [];
      expect(command.slice(0, 2), service).toEqual(['node', compiledPath(ENTRY_POINTS[service])]);
      expect(existsSync(resolve(root, ENTRY_POINTS[service])), ENTRY_POINTS[service]).toBe(true);
    }
    const credentials = config.services['mqtt-credentials']?.command ?? [];
    expect(credentials.slice(0, 2)).toEqual(['node', compiledPath(CREDENTIALS_CLI)]);
    expect(existsSync(resolve(root, CREDENTIALS_CLI))).toBe(true);
    // nothing runs TypeScript at run time
    for (const [name, service] of Object.entries(config.services)) {
      const command = (service.command ?? []).join(' ');
      expect(command, name).not.toMatch(/\btsx\b|\.ts\b/);
    }
  });

  it('locks the broker down: passwords, per-device ACL, persistence and a raised queue', () => {
    const conf = readFileSync(resolve(root, 'docker/mosquitto/mosquitto.conf'), 'utf8');
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(/^password_file /m);
    expect(conf).toMatch(/^acl_file /m);
    expect(conf).toMatch(/^persistence true$/m);
    expect(conf).toMatch(/^max_queued_messages 1000000$/m);
    // client ids bound to accounts, on the listener (after the `listener` line it belongs to)
    expect(conf).toMatch(/^listener 1883\n(#.*\n)*use_username_as_clientid true$/m);
    // the packet limit ingest's payload limit is made for
    expect(conf).toMatch(new RegExp(`^max_packet_size ${MQTT_MAX_PACKET_BYTES}$`, 'm'));
    expect(config.services.ingest?.environment).not.toHaveProperty('MQTT_CLIENT_ID'); // the account is the id
    expect(config.services.mosquitto?.depends_on?.['mqtt-credentials']?.condition).toBe(
      'service_completed_successfully',
    );
  });

  it('documents every launcher setting', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    for (const name of Object.keys(LauncherSettings.properties)) expect(readme, name).toContain(name);
  });
});
