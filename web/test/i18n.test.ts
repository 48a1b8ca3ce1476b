import { describe, expect, it } from 'vitest';
import { en } from '../src/lib/i18n/en.ts';
import { ja } from '../src/lib/i18n/ja.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('Japanese and English have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });
  it('every message is translated (non-empty) with the same placeholders', () => {
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(ja[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
    }
  });
  it('every status, reason and data state of the API has a label', () => {
    const needed = [
      ...['ok', 'warning', 'critical', 'unknown'].map((s) => `status.${s}`),
      ...[
        'stale_data',
        'below_fire_reserve',
        'autonomy_below_critical',
        'autonomy_below_warning',
        'invalid_thresholds',
      ].map((r) => `reason.${r}`),
      ...['live', 'stale', 'offline', 'no_data'].map((s) => `data.${s}`),
      ...['active', 'acknowledged', 'cleared'].map((s) => `alarms.state.${s}`),
    ];
    for (const k of needed) expect(Object.keys(ja), k).toContain(k);
  });
  it('keeps no per-type or per-metric names: those come from the asset-type catalogue', () => {
    const perType = Object.keys(ja).filter((k) => /^(type|metric)\./.test(k));
    expect(perType).toEqual([]);
  });
});
