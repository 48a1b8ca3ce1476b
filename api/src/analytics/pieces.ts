/**
 * How a window [from, to) is read (DESIGN §4): whole local days from the daily roll-ups, whole hours from the
 * hourly roll-ups, and the rest — pieces of hours cut at the window's edges or at a day boundary, and what is not
 * rolled up yet — summarised from raw samples.
 */
import { dayRanges, localDay, HOUR_MS, type Site } from '@ems/domain';
import type { Frontier } from './rollups.ts';

/** Raw samples are read at most this much at a time. */
const RAW_CHUNK_MS = 86_400_000;

export interface SourceStrategy {
  /** Whole local days read from the daily roll-ups. */
  rollup_days: number;
  /** Whole hours read from the hourly roll-ups. */
  rollup_hours: number;
  /** Hours (or parts of hours) summarised from raw samples. */
  raw_hours: number;
}

export type PieceKind = 'day' | 'hour' | 'raw';
export interface Piece {
  from_ms: number;
  to_ms: number;
  kind: PieceKind;
}

/** Cuts [from, to) into whole local days, whole hours and raw pieces, as far as the roll-ups reach. */
export function planPieces(site: Site, from_ms: number, to_ms: number, f: Frontier): Piece[] {
  const pieces: Piece[] = [];
  const hourlyUntil = f.hourly_until ?? -Infinity;
  const dailyUntil = f.daily_until.get(site.id) ?? -Infinity;
  for (const d of dayRanges(from_ms, to_ms, site.time_zone)) {
    const whole = localDay(d.from_ms, site.time_zone);
    if (whole.from_ms === d.from_ms && whole.to_ms === d.to_ms && d.to_ms <= dailyUntil) {
      pieces.push({ from_ms: d.from_ms, to_ms: d.to_ms, kind: 'day' });
      continue;
    }
    for (let h = Math.floor(d.from_ms / HOUR_MS) * HOUR_MS; h < d.to_ms; h += HOUR_MS) {
      const a = Math.max(h, d.from_ms);
      const b = Math.min(h + HOUR_MS, d.to_ms);
      pieces.push({ from_ms: a, to_ms: b, kind: a === h && b === h + HOUR_MS && b <= hourlyUntil ? 'hour' : 'raw' });
    }
  }
  return pieces;
}

/** Consecutive raw pieces in groups spanning at most RAW_CHUNK_MS (a piece is never split between reads). */
export function rawChunks(pieces: readonly Piece[]): Piece[][] {
  const chunks: Piece[][] = [];
  for (const p of pieces) {
    if (p.kind !== 'raw') continue;
    const last = chunks.at(-1);
    if (last && last.at(-1)!.to_ms === p.from_ms && p.to_ms - last[0]!.from_ms <= RAW_CHUNK_MS) last.push(p);
    else chunks.push([p]);
  }
  return chunks;
}

/** How many days, hours and raw hours the plan reads (reported with KPIs). */
export function strategyOf(pieces: readonly Piece[]): SourceStrategy {
  const strategy: SourceStrategy = { rollup_days: 0, rollup_hours: 0, raw_hours: 0 };
  for (const p of pieces)
    if (p.kind === 'day') strategy.rollup_days++;
    else if (p.kind === 'hour') strategy.rollup_hours++;
    else strategy.raw_hours += (p.to_ms - p.from_ms) / HOUR_MS;
  return strategy;
}
