/**
 * Compression and caching: the web app's hashed files are immutable and come back brotli- or gzip-compressed when
 * the request accepts it, the page (index.html and the SPA fallback) is `no-cache`, the API's JSON is compressed
 * too, and report files keep their bytes (CSV compressed and restored exactly; PDF and XLSX, compressed formats
 * already, sent as they are).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseRegistry, RegistryIndex } from '@ems/domain';
import { readSettings } from '@ems/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsService } from '../src/analytics/index.ts';
import { buildApp } from '../src/app.ts';
import { registerCompression } from '../src/plugins/external/compress.ts';
import reportRoutes from '../src/routes/reports/index.ts';
import { ApiSettingsSchema } from '../src/settings.ts';
import { cacheControlFor, IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL } from '../src/web/static.ts';
import { registry as analyticsRegistry } from './analytics/fixture.ts';
import { bearer, TEST_REGISTRY, TEST_SECRET, testUsers, TOKENS } from './helpers.ts';

const INDEX_HTML = `<!doctype html><html><head><title>EMS</title>
<script type="module" crossorigin src="/assets/index-Bq3x_9Zk.js"></script></head><body><div id="app"></div></body></html>`;
/** A script well over the 1 KiB threshold, repetitive as real bundles are. */
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = compute(${i}, "energy");`).join('\n');
const STYLE = Array.from({ length: 200 }, (_, i) => `.figure-${i} { color: #1f2937; margin: ${i}px; }`).join('\n');

let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'api-compress-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(join(dist, 'assets', 'index-Bq3x_9Zk.js'), SCRIPT);
  writeFileSync(join(dist, 'assets', 'index-C4-dE5fG.css'), STYLE);
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  app = await buildApp({
    settings: readSettings(ApiSettingsSchema, { SESSION_SECRET: TEST_SECRET, WEB_DIST: dist }),
    registry: new RegistryIndex(parseRegistry(TEST_REGISTRY, 'test')),
    users: await testUsers(),
    connect: false,
    logger: false,
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(dist, { recursive: true, force: true });
});

const decode = (encoding: string | undefined, body: Buffer): Buffer =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

describe('the web app', () => {
  it.each([
    ['br', 'gzip, deflate, br'],
    ['gzip', 'gzip, deflate'],
  ])('a hashed script comes back %s-compressed and immutable', async (encoding, accept) => {
    const res = await app.inject({ url: '/assets/index-Bq3x_9Zk.js', headers: { 'accept-encoding': accept } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 3);
    expect(decode(encoding, res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('a hashed style sheet too; without Accept-Encoding the file goes as it is', async () => {
    const css = await app.inject({ url: '/assets/index-C4-dE5fG.css', headers: { 'accept-encoding': 'br' } });
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(decode('br', css.rawPayload).toString()).toBe(STYLE);
    const plain = await app.inject({ url: '/assets/index-Bq3x_9Zk.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const identity = await app.inject({ url: '/assets/index-Bq3x_9Zk.js', headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it.each(['/', '/index.html', '/sites/alpha', '/reports?month=2026-10'])(
    '%s is the page, revalidated on every use (no-cache)',
    async (url) => {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
      expect(decode(res.headers['content-encoding'] as string | undefined, res.rawPayload).toString()).toBe(INDEX_HTML);
    },
  );

  it('a file without a content hash keeps the default (public, max-age=0)', async () => {
    const res = await app.inject({ url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0');
  });

  it('cacheControlFor: Vite names with a hash are immutable, index.html is no-cache, anything else default', () => {
    expect(cacheControlFor('assets/index-Bq3x_9Zk.js')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(cacheControlFor('assets/echarts-a1B2c3D4.js')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(cacheControlFor('assets/index-C4-dE5fG.css')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(cacheControlFor(join('assets', 'ipa-gothic-0a1b2c3d.woff2'))).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(cacheControlFor('index.html')).toBe(PAGE_CACHE_CONTROL);
    expect(cacheControlFor('assets/app.js')).toBeUndefined(); // no hash: may change under the same name
    expect(cacheControlFor('assets/index-abc.js')).toBeUndefined();
    expect(cacheControlFor('favicon.ico')).toBeUndefined();
    expect(cacheControlFor('other/index-Bq3x_9Zk.js')).toBeUndefined();
  });
});

describe('the API', () => {
  it('JSON answers are compressed when asked for, and plain otherwise', async () => {
    const headers = bearer(TOKENS.viewer);
    const plain = await app.inject({ url: '/api/asset-types', headers });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await app.inject({ url: '/api/asset-types', headers: { ...headers, 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(decode('br', br.rawPayload).toString())).toEqual(plain.json());
  });

  it('small answers go as they are (under 1 KiB)', async () => {
    const res = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('report files', () => {
  const csv = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(Array.from({ length: 500 }, (_, i) => `2026-10-${(i % 31) + 1},${i * 12.5},熱量\r\n`).join('')),
  ]);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]);
  const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4000, 0x42)]);
  const CONTENT_TYPES = {
    csv: 'text/csv; charset=utf-8',
    pdf: 'application/pdf',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  } as const;
  const BODIES = { csv, pdf, xlsx } as const;
  let reports: FastifyInstance;

  beforeAll(async () => {
    const stub = {
      monthlyReport: async (site: string, month: string) => ({ site, month }),
      render: async (r: { site: string; month: string }, format: keyof typeof BODIES) => ({
        contentType: CONTENT_TYPES[format],
        filename: `report-${r.site}-${r.month}.${format}`,
        body: BODIES[format],
      }),
    } as unknown as AnalyticsService;
    reports = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    reports.decorate('analytics', stub);
    reports.decorate('registry', analyticsRegistry());
    reports.decorate('settings', { MAX_WINDOW_DAYS: 731 } as never);
    await registerCompression(reports);
    await reports.register(reportRoutes, { prefix: '/api/reports' });
    await reports.ready();
  });
  afterAll(() => reports?.close());

  it.each(['br', 'gzip'])('CSV is compressed (%s) and arrives byte for byte, still an attachment', async (enc) => {
    const res = await reports.inject({
      url: '/api/reports/monthly?site=test-dhc&month=2026-10&format=csv',
      headers: { 'accept-encoding': enc },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(enc);
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-test-dhc-2026-10.csv"');
    expect(decode(enc, res.rawPayload).equals(csv)).toBe(true);
  });

  it.each(['pdf', 'xlsx'] as const)('%s goes as it is (a compressed format already)', async (format) => {
    const res = await reports.inject({
      url: `/api/reports/monthly?site=test-dhc&month=2026-10&format=${format}`,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe(CONTENT_TYPES[format]);
    expect(res.rawPayload.equals(BODIES[format])).toBe(true);
  });
});
