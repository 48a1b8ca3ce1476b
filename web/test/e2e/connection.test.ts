/**
 * The header's connection indicator tells the truth, in a real headless Chromium against the real stack (Mosquitto,
 * InfluxDB, ingest, the simulators and the api process) on a small registry whose devices report every 2 s:
 * - live while fresh data arrives;
 * - a hung api (SIGSTOP: its TCP connections stay open, nothing answers) leaves "live" within 10 s, a page opened
 *   then shows an error with a retry button instead of "Loading…" for ever (in the app, and as a fresh page load
 *   whose app files come from web/dist), and after SIGCONT everything recovers without a reload;
 * - with every simulator stopped: "no fresh data since HH:MM" (the newest measurement, in the site's time zone).
 * Screenshots of the header in each state, in Japanese and English, go to test-artifacts/screenshots/. Also: the
 * real build's hashed files come back immutable and brotli-compressed, the page no-cache.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, submitSignIn } from './browser.ts';
import { ensureWebBuilt, REPO_ROOT, startStack, WEB_ROOT, type Stack } from './stack.ts';

const SHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');
const TZ = 'Asia/Tokyo';
const REGISTRY = `version: 1
sites:
  - id: conn-test
    name: { ja: 接続試験センター, en: Connection Test Plant }
    time_zone: ${TZ}
    location: { lat: 35.68, lon: 139.77 }
    population_served: 100
    reserve: { warning_hours: 24, critical_hours: 6, living_water_l_per_person_day: 20 }
    assets:
      - { id: pv, type: pv, name: { ja: 太陽光, en: PV }, kwp: 50, expected_interval_s: 2 }
      - { id: tank, type: storage_tank, name: { ja: 蓄熱槽, en: Tank }, area_m2: 50, height_m: 8, dead_volume_m3: 20, fire_reserve_m3: 40, expected_interval_s: 2 }
      - { id: meter, type: heat_meter, name: { ja: 熱量計, en: Heat meter }, expected_interval_s: 2 }
`;

let dir: string;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let paused = false;
const logs: string[] = [];

const indicator = (p: Page) => p.locator('[data-connection]');
const state = (p: Page) => indicator(p).getAttribute('data-connection');

async function headerShot(p: Page, name: string) {
  await p.waitForTimeout(300);
  await p.locator('header.app-header').screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function setLocale(p: Page, to: 'ja' | 'en') {
  await p.locator('header select').first().selectOption(to);
  await expect.poll(() => p.locator('html').getAttribute('lang')).toBe(to);
}

/** "HH:MM" of a UTC-ms time in the site's zone. */
const hhmm = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(ms),
  );

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'web-e2e-connection-'));
  writeFileSync(join(dir, 'sites.yaml'), REGISTRY);
  await ensureWebBuilt();
  stack = await startStack({ registryFile: join(dir, 'sites.yaml'), log: (l) => logs.push(l) });
  browser = await launchBrowser([
    // the fresh page's document comes from the test (route.fulfill), which Chromium would treat as a public
    // page reaching into the local network when it opens the socket to 127.0.0.1
    '--disable-features=LocalNetworkAccessChecks',
  ]);
  context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1300, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await page.goto(`${stack.url}/`);
  await submitSignIn(page, 'operator', 'article.site', 30_000);
}, 300_000);

afterAll(async () => {
  if (paused) stack?.resumeApi();
  await browser?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (process.env.E2E_LOG) console.log(logs.join('\n'));
}, 60_000);

describe('the served app', () => {
  it('hashed files of the real build are immutable and compressed; the page is no-cache', async () => {
    const res = await fetch(`${stack.url}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const scripts = [...(await res.text()).matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const asset = await fetch(`${stack.url}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-encoding'), path).toBe('br');
    }
    const fallback = await fetch(`${stack.url}/reports`);
    expect(fallback.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('connection indicator', () => {
  it('says live while fresh data arrives', async () => {
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    expect(await indicator(page).textContent()).toContain('接続中（ライブ）');
    expect(await page.locator('[data-testid="heat-conn-test"]').getAttribute('data-stale')).toBe('false');
    await headerShot(page, 'connection-live');
    await setLocale(page, 'en');
    await expect.poll(() => indicator(page).textContent()).toContain('Connected (live)');
    await headerShot(page, 'connection-live-en');
    await setLocale(page, 'ja');
  }, 60_000);

  it('a hung api leaves "live" within 10 s, pages show an error with retry, and all recovers after SIGCONT', async () => {
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    stack.pauseApi();
    paused = true;
    await page.locator('[data-connection="unresponsive"]').waitFor({ timeout: 10_000 });
    const detectedMs = Date.now() - t0;
    logs.push(`hung api detected after ${detectedMs} ms`);
    expect(detectedMs).toBeLessThan(10_000);
    const text = await indicator(page).textContent();
    expect(text).toContain('サーバー応答なし');
    expect(text).toMatch(/\d{2}:\d{2} 以降のデータなし/);
    await headerShot(page, 'connection-unresponsive');

    // a page opened in the app meanwhile: its request times out (10 s) and it offers a retry
    await page.goto(`${stack.url}/#/reserves`);
    const error = page.locator('[data-testid="load-error"]');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toMatch(/応答しませんでした|応答していません/);
    expect(await error.getByRole('button', { name: /再試行/ }).isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).not.toContain('読み込み中');
    await page.screenshot({ path: join(SHOTS, 'connection-hung-page.png') });

    // a fresh page load meanwhile (the app's files as a cache would give them; the API does not answer)
    const fresh = await context.newPage();
    await fresh.route(
      (u) => !u.pathname.startsWith('/api/') && !u.pathname.startsWith('/socket.io'),
      (route) => {
        const path = new URL(route.request().url()).pathname;
        return route.fulfill({ path: join(WEB_ROOT, 'dist', path === '/' ? 'index.html' : path.slice(1)) });
      },
    );
    await fresh.goto(`${stack.url}/#/`);
    const sessionError = fresh.locator('[data-testid="session-error"]');
    await sessionError.waitFor({ timeout: 15_000 });
    expect(await sessionError.textContent()).toContain('サーバーに接続できませんでした');
    expect(await fresh.locator('main').textContent()).not.toContain('読み込み中');
    await fresh.screenshot({ path: join(SHOTS, 'connection-hung-page-load.png') });
    await setLocale(fresh, 'en');
    await expect.poll(() => sessionError.textContent()).toContain('Could not reach the server');
    expect(await sessionError.textContent()).toContain('did not answer within 10 s');
    await fresh.screenshot({ path: join(SHOTS, 'connection-hung-page-load-en.png') });
    await setLocale(fresh, 'ja');

    // SIGCONT: live again, and the page that failed loads by itself, without a reload
    const t1 = Date.now();
    stack.resumeApi();
    paused = false;
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    logs.push(`live again ${Date.now() - t1} ms after SIGCONT`);
    await page.locator('section.site[data-site="conn-test"]').waitFor({ timeout: 30_000 });
    expect(await error.count()).toBe(0);
    await headerShot(page, 'connection-recovered');
    // the fresh page: its retry button signs it in (the session cookie) and it goes live
    fresh.on('console', (m) => logs.push(`[fresh console] ${m.text()}`));
    await sessionError.getByRole('button', { name: /再試行/ }).click();
    await fresh.locator('article.site').first().waitFor({ timeout: 30_000 });
    await fresh.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    await fresh.close();
  }, 150_000);

  it('says "no fresh data since HH:MM" when every figure is stale', async () => {
    await page.goto(`${stack.url}/#/`);
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    await stack.stopSimulators();
    const stopped = Date.now();
    // 3 × the 2 s expected interval, then the server's stale flags / stale_at
    await page.locator('[data-connection="stale"]').waitFor({ timeout: 30_000 });
    const since = Number(await indicator(page).getAttribute('data-since'));
    expect(since).toBeGreaterThan(stopped - 60_000);
    expect(since).toBeLessThanOrEqual(stopped + 5_000);
    expect(await indicator(page).textContent()).toContain(`${hhmm(since)} 以降、新しいデータがありません`);
    // the server still answers (heartbeats): stale, not "not responding"
    await page.waitForTimeout(8_000);
    expect(await state(page)).toBe('stale');
    expect(await page.locator('[data-testid="heat-conn-test"]').getAttribute('data-stale')).toBe('true');
    expect(await page.locator('article.site .meta').textContent()).not.toContain('ライブ');
    await headerShot(page, 'connection-stale');
    await page.screenshot({ path: join(SHOTS, 'connection-stale-page.png') });
    await setLocale(page, 'en');
    await expect.poll(() => indicator(page).textContent()).toContain(`No fresh data since ${hhmm(since)}`);
    await headerShot(page, 'connection-stale-en');
    await setLocale(page, 'ja');
  }, 90_000);
});
