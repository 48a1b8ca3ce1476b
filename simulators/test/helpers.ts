import { fileURLToPath } from 'node:url';
import { loadRegistry } from '@ems/runtime';
import type { RegistryIndex } from '@ems/domain';
import type { SimMessage } from '../src/index.ts';

export const REGISTRY_FILE = fileURLToPath(new URL('../../config/sites.yaml', import.meta.url));

let cached: RegistryIndex | undefined;
export function registry(): RegistryIndex {
  cached ??= loadRegistry(REGISTRY_FILE);
  return cached;
}

export interface Sample {
  ts: number;
  values: Record<string, number | boolean>;
}

/** Samples of the well-formed telemetry messages, per `site/asset`, in order. */
export function samplesByAsset(messages: readonly SimMessage[]): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const m of messages) {
    if (m.kind !== 'telemetry' || m.malformed) continue;
    const parsed = JSON.parse(m.payload) as Sample | Sample[];
    const list = out.get(`${m.site}/${m.asset}`) ?? [];
    for (const s of Array.isArray(parsed) ? parsed : [parsed]) list.push(s);
    out.set(`${m.site}/${m.asset}`, list);
  }
  return out;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-01-12T00:00+09:00: a winter Monday in Japan. */
export const WINTER_START = Date.UTC(2026, 0, 11, 15);
