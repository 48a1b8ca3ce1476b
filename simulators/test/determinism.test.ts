import { describe, expect, it } from 'vitest';
import { DEFAULT_TELEMETRY_LIMITS } from '@ems/domain';
import { createSimulation, MAX_BATCH, type SimMessage } from '../src/index.ts';
import { HOUR, WINTER_START, registry, samplesByAsset } from './helpers.ts';

function messages(seed: number): SimMessage[] {
  const sim = createSimulation({
    registry: registry(),
    scenarios: 'cold-snap,sensor-faults,malformed,disconnect,grid-outage',
    scenarioOptions: {
      gridOutage: { start_after_ms: 40 * 60_000, duration_ms: HOUR },
      sensorFaults: { probability: 0.01 },
      malformed: { rate: 0.05 },
      disconnect: { every_ms: 20 * 60_000, duration_ms: 10 * 60_000 },
    },
    seed,
    startMs: WINTER_START,
    batchSize: 3,
  });
  const out: SimMessage[] = [];
  for (let i = 0; i < 600; i++) out.push(...sim.step(10_000));
  out.push(...sim.flush());
  return out;
}

describe('determinism', () => {
  it('gives the same message sequence for the same seed', () => {
    const a = messages(42);
    const b = messages(42);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    // every scenario left its mark
    expect(a.some((m) => m.malformed)).toBe(true);
    expect(a.some((m) => m.replay)).toBe(true);
    expect(a.some((m) => m.event === 'disconnect')).toBe(true);
    expect(
      samplesByAsset(a)
        .get('ebina-bousai/genset')!
        .some((s) => s.values.running === true),
    ).toBe(true);
  });

  it('gives a different sequence for a different seed', () => {
    const a = messages(42).map((m) => m.payload);
    const b = messages(43).map((m) => m.payload);
    expect(b).not.toEqual(a);
  });
});

describe('message size', () => {
  it('splits big batches so that every message stays within the contract limits', () => {
    const sim = createSimulation({
      registry: registry(),
      assets: ['hp-1'],
      seed: 7,
      startMs: WINTER_START,
      batchSize: MAX_BATCH,
    });
    const out: SimMessage[] = [];
    for (let i = 0; i < MAX_BATCH; i++) out.push(...sim.step(10_000));
    out.push(...sim.flush());
    const telemetry = out.filter((m) => m.kind === 'telemetry');
    expect(telemetry.length).toBeGreaterThan(1);
    for (const m of telemetry) {
      expect(Buffer.byteLength(m.payload)).toBeLessThanOrEqual(DEFAULT_TELEMETRY_LIMITS.max_payload_bytes);
      expect(JSON.parse(m.payload)).toHaveLength(m.samples);
    }
    expect(telemetry.reduce((n, m) => n + m.samples, 0)).toBe(MAX_BATCH);
  });
});
