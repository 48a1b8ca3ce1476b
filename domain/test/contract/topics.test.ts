import { describe, expect, it } from 'vitest';
import { buildTopic, parseStatus, parseTopic, subscriptionFilter } from '../../src/index.ts';

describe('MQTT topics (DESIGN §2)', () => {
  it('builds and parses ems/v1/{site}/{asset}/{kind}', () => {
    const topic = buildTopic('minato-dhc', 'hp-1', 'telemetry');
    expect(topic).toBe('ems/v1/minato-dhc/hp-1/telemetry');
    expect(parseTopic(topic)).toEqual({ ok: true, address: { site: 'minato-dhc', asset: 'hp-1', kind: 'telemetry' } });
  });

  it.each([
    ['ems/v1/site/asset/unknown'],
    ['ems/v2/site/asset/telemetry'],
    ['ems/v1/Site/asset/telemetry'],
    ['ems/v1/site/asset"; DROP MEASUREMENT x/telemetry'],
    ['ems/v1/site/a sset/telemetry'],
    ['ems/v1/site/asset/telemetry/extra'],
    ['ems/v1/site//telemetry'],
    [`ems/v1/${'a'.repeat(64)}/asset/telemetry`],
  ])('refuses %s', (topic) => {
    expect(parseTopic(topic)).toMatchObject({ ok: false, reason: 'bad_topic' });
  });

  it('refuses to build topics from bad ids', () => {
    expect(() => buildTopic('bad id', 'x', 'state')).toThrow(/invalid site id/);
  });

  it('builds subscription filters, shared or not', () => {
    expect(subscriptionFilter('telemetry')).toBe('ems/v1/+/+/telemetry');
    expect(subscriptionFilter('telemetry', 'ingest')).toBe('$share/ingest/ems/v1/+/+/telemetry');
  });

  it('parses device status: plain text or {"status", "ts"} (DESIGN §2, both in v1)', () => {
    expect(parseStatus('online')).toBe('online');
    expect(parseStatus(' offline\n')).toBe('offline');
    expect(parseStatus('{"status":"online","ts":1763860000000}')).toBe('online');
    expect(parseStatus('{"status":"offline"}')).toBe('offline');
    for (const bad of [
      'maybe',
      '{"status":"maybe"}',
      '{"status":1}',
      '{',
      '[]',
      'null',
      '{"__proto__":{"status":"online"}}',
    ])
      expect(parseStatus(bad), bad).toBeNull();
  });
});
