/**
 * Which stored fields the period analytics keep per measurement (= asset type), and how a bucket is stored as a
 * roll-up row (`heat_kwh__first`, `heat_kwh__first_ms`, …) and read back.
 */
import {
  METRICS,
  moduleOf,
  type AssetType,
  type Bucket,
  type CounterStats,
  type FieldSet,
  type GaugeStats,
} from '@ems/domain';
import type { RunClass } from '@ems/domain';

/**
 * What the roll-ups keep of a type: its counters, and the gauges its period figures read — the rates of its energy
 * flows and the module's period gauges.
 */
export function fieldsOf(type: AssetType): FieldSet {
  const m = moduleOf(type);
  const counters = Object.entries(METRICS[type])
    .filter(([, spec]) => spec.kind === 'counter')
    .map(([name]) => name);
  const rates = Object.values(m.flows).map((f) => f.rate);
  return { counters, gauges: [...new Set([...rates, ...m.period_gauges])].filter((g) => !counters.includes(g)) };
}

/** Separator between a field and what is kept of it in roll-up column names: `heat_kwh__last`. */
export const SEP = '__';
const CLASS_CODE: Record<RunClass, number> = { unknown: 0, off: 1, running: 2 };
const CLASS_OF_CODE: RunClass[] = ['unknown', 'off', 'running'];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The fields of a roll-up row for a bucket: floats, and integers (`i`) for counts and times. */
export function bucketFields(b: Bucket): { floats: Record<string, number>; ints: Record<string, number> } {
  const floats: Record<string, number> = {};
  const ints: Record<string, number> = { _samples: b.samples, _slots: b.slots, _end_ms: b.end_ms };
  for (const [c, s] of Object.entries(b.counters)) {
    if (!s) continue;
    floats[c + SEP + 'first'] = s.first;
    floats[c + SEP + 'last'] = s.last;
    floats[c + SEP + 'inc'] = s.increase;
    ints[c + SEP + 'first_ms'] = s.first_ms;
    ints[c + SEP + 'last_ms'] = s.last_ms;
    ints[c + SEP + 'resets'] = s.resets;
    ints[c + SEP + 'count'] = s.count;
    if (s.running !== undefined) floats[c + SEP + 'run'] = s.running;
    if (s.off !== undefined) floats[c + SEP + 'off'] = s.off;
    if (s.first_class !== undefined) ints[c + SEP + 'fcls'] = CLASS_CODE[s.first_class];
    if (s.last_class !== undefined) ints[c + SEP + 'lcls'] = CLASS_CODE[s.last_class];
  }
  for (const [g, s] of Object.entries(b.gauges)) {
    if (!s) continue;
    floats[g + SEP + 'sum'] = s.sum;
    floats[g + SEP + 'min'] = s.min;
    floats[g + SEP + 'max'] = s.max;
    floats[g + SEP + 'neg'] = s.neg_sum;
    ints[g + SEP + 'count'] = s.count;
  }
  return { floats, ints };
}

/** A bucket from a roll-up row (start = the row's time); null when the row is not one. */
export function bucketFromRow(row: Record<string, unknown> & { time: number }, fields: FieldSet): Bucket | null {
  const end = num(row._end_ms);
  const samples = num(row._samples);
  if (end === undefined || samples === undefined) return null;
  const counters: Record<string, CounterStats> = {};
  for (const c of fields.counters) {
    const count = num(row[c + SEP + 'count']);
    const first = num(row[c + SEP + 'first']);
    const last = num(row[c + SEP + 'last']);
    const first_ms = num(row[c + SEP + 'first_ms']);
    const last_ms = num(row[c + SEP + 'last_ms']);
    const increase = num(row[c + SEP + 'inc']);
    if (!count || first === undefined || last === undefined || first_ms === undefined || last_ms === undefined)
      continue;
    if (increase === undefined) continue;
    const s: CounterStats = {
      first,
      first_ms,
      last,
      last_ms,
      increase,
      resets: num(row[c + SEP + 'resets']) ?? 0,
      count,
    };
    const run = num(row[c + SEP + 'run']);
    const off = num(row[c + SEP + 'off']);
    const fcls = num(row[c + SEP + 'fcls']);
    const lcls = num(row[c + SEP + 'lcls']);
    if (run !== undefined) s.running = run;
    if (off !== undefined) s.off = off;
    if (fcls !== undefined) s.first_class = CLASS_OF_CODE[fcls] ?? 'unknown';
    if (lcls !== undefined) s.last_class = CLASS_OF_CODE[lcls] ?? 'unknown';
    counters[c] = s;
  }
  const gauges: Record<string, GaugeStats> = {};
  for (const g of fields.gauges) {
    const count = num(row[g + SEP + 'count']);
    const sum = num(row[g + SEP + 'sum']);
    const min = num(row[g + SEP + 'min']);
    const max = num(row[g + SEP + 'max']);
    if (!count || sum === undefined || min === undefined || max === undefined) continue;
    gauges[g] = { sum, min, max, count, neg_sum: num(row[g + SEP + 'neg']) ?? 0 };
  }
  return { start_ms: row.time, end_ms: end, samples, slots: num(row._slots) ?? samples, counters, gauges };
}
