import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnIngest } from './helpers.ts';

describe('start-up refuses bad configuration with a clear message and exit code 1', () => {
  it('names each bad environment variable', async () => {
    const proc = await spawnIngest(
      { MQTT_PROTOCOL_VERSION: '3', SPOOL_FSYNC_MS: 'sometimes', INFLUX_URL: 'ftp://x' },
      false,
    );
    expect((await proc.exited).code).toBe(1);
    const out = proc.output();
    expect(out).toContain('MQTT_PROTOCOL_VERSION="3"');
    expect(out).toContain('SPOOL_FSYNC_MS="sometimes"');
    expect(out).toContain('INFLUX_URL="ftp://x"');
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names the registry file, line and problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ems-ingest-registry-'));
    const file = join(dir, 'sites.yaml');
    writeFileSync(
      file,
      'version: 1\nsites:\n  - id: s1\n    name: { ja: a, en: a }\n    time_zone: Asia/Tokyo\n    location: { lat: 1, lon: 1 }\n    population_served: 1\n    assets:\n      - { id: pv, type: pv, name: { ja: a, en: a }, kwp: -5, tilt_deg: 1, azimuth_deg: 0 }\n',
    );
    const proc = await spawnIngest({ EMS_REGISTRY: file }, false);
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toContain(file);
    expect(proc.output()).toMatch(/kwp/);
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('says when the registry file is missing', async () => {
    const proc = await spawnIngest({ EMS_REGISTRY: '/nonexistent/sites.yaml' }, false);
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toContain('/nonexistent/sites.yaml');
  });
});
