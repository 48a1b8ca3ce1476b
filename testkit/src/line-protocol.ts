import type { Point } from '@influxdata/influxdb-client';

/**
 * `point.toLineProtocol()` with a millisecond timestamp, for `/write?precision=ms`.
 *
 * Without settings, `Point` turns a `Date` into **nanoseconds**, passes a number through **unchanged** (no
 * unit conversion) and stamps a missing time with the current time in nanoseconds, so a `Date` written with
 * `precision=ms` would land ~10^6 times too late. This converts a Date to epoch ms, floors a number
 * (assumed ms), and leaves a missing time missing (the server then uses its clock).
 */
export function toLineMs(point: Point): string {
  const line = point.toLineProtocol({
    convertTime: (value) => {
      if (value === undefined) return undefined;
      if (value instanceof Date) return String(value.getTime());
      if (typeof value === 'number') return String(Math.floor(value));
      return value.length > 0 ? value : undefined;
    },
  });
  if (line === undefined) throw new Error(`point has no measurement name or no fields: ${point.toString()}`);
  return line;
}
