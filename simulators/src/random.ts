/** Seeded deterministic randomness: every stochastic part of the simulators draws from an Rng (same seed ⇒ same output). */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** 32-bit FNV-1a hash of a label mixed with a seed: stable child seeds per named stream. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed | 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h | 0;
}

export class Rng {
  private readonly gen: RandomGenerator;
  private spareNormal: number | undefined;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** An independent stream named by `label`: adding a stream never shifts the numbers of another. */
  fork(label: string): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * uniformFloat64(this.gen);
  }

  /** Normal (Gaussian) by the polar Box–Muller method. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.uniform(-1, 1);
      v = this.uniform(-1, 1);
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  /** Integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return Math.min(max, min + Math.floor(this.uniform() * (max - min + 1)));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }
}

/**
 * First-order autoregressive (Ornstein–Uhlenbeck) noise with a time constant: its statistics do not depend on the
 * step length, so a 10 s and a 1 h simulation see the same persistence.
 */
export class ArNoise {
  value: number;

  constructor(
    private readonly rng: Rng,
    readonly sd: number,
    readonly tauMs: number,
    initial?: number,
  ) {
    this.value = initial ?? rng.normal(0, sd);
  }

  step(dtMs: number): number {
    const a = Math.exp(-Math.max(0, dtMs) / this.tauMs);
    this.value = a * this.value + Math.sqrt(1 - a * a) * this.rng.normal(0, this.sd);
    return this.value;
  }
}
