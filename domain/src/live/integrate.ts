/** A small ring of recent live samples per asset (for window integration and stuck-sensor checks). */

/**
 * A small time-ordered buffer of recent samples: keeps those newer than `keep_ms` before the newest and at most
 * `max` entries. Pure data structure: the caller passes every time stamp.
 */
export class SampleRing<T extends { ts: number }> {
  private items: T[] = [];
  constructor(
    private readonly keep_ms: number,
    private readonly max = 2_000,
  ) {}

  push(item: T): void {
    const last = this.items[this.items.length - 1];
    if (last && item.ts < last.ts) {
      // Out-of-order (a replayed sample): insert in place; the same time stamp replaces.
      const i = this.items.findIndex((x) => x.ts >= item.ts);
      if (this.items[i]?.ts === item.ts) this.items[i] = item;
      else this.items.splice(i, 0, item);
    } else if (last && item.ts === last.ts) this.items[this.items.length - 1] = item;
    else this.items.push(item);
    const newest = this.items[this.items.length - 1]!.ts;
    let drop = 0;
    while (drop < this.items.length && this.items[drop]!.ts < newest - this.keep_ms) drop++;
    if (this.items.length - drop > this.max) drop = this.items.length - this.max;
    if (drop > 0) this.items = this.items.slice(drop);
  }

  toArray(): readonly T[] {
    return this.items;
  }

  last(n: number): readonly T[] {
    return this.items.slice(Math.max(0, this.items.length - n));
  }

  get size(): number {
    return this.items.length;
  }
}
