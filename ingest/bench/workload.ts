/**
 * The benchmark's devices: the example sites of config/sites.yaml copied under new ids until there are enough
 * assets (25 per copy, every asset type), written as a registry file ingest loads like any other; and the line
 * protocol ingest makes of their messages (for the reference writer).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Point } from '@influxdata/influxdb-client';
import { deriveSample, flagToInt, TAG_ASSET, TAG_SITE, validateTelemetry, type AssetType } from '@ems/domain';
import { loadRegistry } from '@ems/runtime';
import { toLineMs } from '@ems/testkit';
import { parse } from 'yaml';
import { sampleValues } from '../test/fixtures.ts';

export interface BenchAsset {
  topic: string;
  type: AssetType;
  site: string;
  asset: string;
}

export interface Workload {
  /** The registry file (JSON, which is YAML) ingest is started with. */
  registryFile: string;
  /** The assets messages go to, round-robin; the publisher reads them from `assetsFile`. */
  assets: BenchAsset[];
  assetsFile: string;
  /** InfluxDB line protocol of message `i` at time `ts`, as ingest stores it (measurement = type, tags, fields). */
  line(i: number, ts: number): string;
}

/** The message the publisher sends as message `i` (ts = publish time in ms; values: the type's `example`). */
export function payload(type: AssetType, i: number, ts: number): string {
  return JSON.stringify({ ts, values: sampleValues(type, i) });
}

export function makeWorkload(root: string, dir: string, topics: number): Workload {
  const example = parse(readFileSync(join(root, 'config/sites.yaml'), 'utf8')) as { sites: { id: string }[] };
  const perCopy = [...loadRegistry(join(root, 'config/sites.yaml')).allAssets()].length;
  const copies = Math.max(1, Math.ceil(topics / perCopy));
  const sites = Array.from({ length: copies }, (_, k) =>
    example.sites.map((s) => ({ ...s, id: `${s.id}-${k}` })),
  ).flat();
  const registryFile = join(dir, 'sites.yaml');
  writeFileSync(registryFile, JSON.stringify({ ...example, sites }));
  const registry = loadRegistry(registryFile);
  const refs = [...registry.allAssets()].slice(0, topics);
  const assets = refs.map(({ site, asset }) => ({
    topic: `ems/v1/${site.id}/${asset.id}/telemetry`,
    type: asset.type,
    site: site.id,
    asset: asset.id,
  }));
  const assetsFile = join(dir, 'assets.json');
  writeFileSync(assetsFile, JSON.stringify(assets));

  const line = (i: number, ts: number): string => {
    const { site, asset } = refs[i % refs.length]!;
    const [sample] = validateTelemetry(asset, payload(asset.type, i, ts), ts).samples;
    if (!sample) throw new Error(`the example sample of ${asset.type} does not validate`);
    const derived = deriveSample({ site, asset, fuel: (id) => registry.fuel(id) }, sample.ts_ms, sample.values);
    const point = new Point(asset.type).tag(TAG_SITE, site.id).tag(TAG_ASSET, asset.id).timestamp(sample.ts_ms);
    for (const [key, value] of Object.entries({ ...sample.values, ...derived.derived })) {
      if (typeof value === 'boolean') point.intField(key, flagToInt(value));
      else point.floatField(key, value);
    }
    return toLineMs(point);
  };
  return { registryFile, assets, assetsFile, line };
}
