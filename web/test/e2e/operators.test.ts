/**
 * What plant operators do with the site and asset pages, in a real headless Chromium against the real stack
 * (nine days of history, then live): pick a range and compare it with yesterday or last week (kept in the URL),
 * download what a chart shows as CSV, read every series in a legend that never pages and every axis by its name,
 * the specification by its labels, the battery's sign convention; the alarms as cards on a phone; counted
 * messages. axe finds no WCAG 2.1 A/AA problem on these pages. Screenshots go to test-artifacts/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, submitSignIn } from './browser.ts';
import { ensureWebBuilt, REPO_ROOT, startStack, type Stack } from './stack.ts';

const SHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');
/** axe-core's source, run in the page through the DevTools protocol (the app's CSP forbids inline scripts). */
const H = 3_600_000;
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
/** Charts load several series: give them time on a busy machine. */
const POLL = { timeout: 20_000 };

let stack: Stack;
let browser: Browser;
let ja: BrowserContext;
let en: BrowserContext;
let page: Page;
const logs: string[] = [];

async function shot(p: Page, name: string) {
  await p.waitForTimeout(600); // let charts finish drawing
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(context: BrowserContext): Promise<Page> {
  const p = await context.newPage();
  p.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await p.goto(`${stack.url}/`);
  await submitSignIn(p, 'operator');
  return p;
}

/** The window the page says it shows (UTC ms). */
async function shownWindow(p: Page): Promise<{ from: number; to: number }> {
  const el = p.locator('[data-testid="range-shown"]');
  return { from: Number(await el.getAttribute('data-from')), to: Number(await el.getAttribute('data-to')) };
}

const hashOf = (p: Page) => new URL(p.url()).hash;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureWebBuilt();
  stack = await startStack({
    backfillFromMs: Date.now() - 9 * 24 * H,
    droppable: ['nasu-cityhall/kerosene-tank'],
    log: (l) => logs.push(l),
  });
  browser = await launchBrowser();
  ja = await browser.newContext({ locale: 'ja-JP', viewport: DESKTOP, acceptDownloads: true });
  en = await browser.newContext({ locale: 'en-GB', viewport: DESKTOP, acceptDownloads: true });
  page = await signIn(ja);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (process.env.E2E_LOG) console.log(logs.join('\n'));
}, 60_000);

describe('operators: ranges, comparison, CSV, legends, axes, alarms on a phone', () => {
  it('the range picker sets the charts’ range and the URL; a shared URL opens the same view', async () => {
    await page.goto(`${stack.url}/#/sites/minato-dhc`);
    await page.locator('[data-chart="heat"] .chart svg').waitFor({ timeout: 20_000 });
    let w = await shownWindow(page);
    expect(w.to - w.from).toBe(6 * H); // the page's default

    await page.locator('[data-preset="24h"]').click();
    await expect.poll(() => hashOf(page), POLL).toContain('range=24h');
    await expect.poll(async () => (await shownWindow(page)).to - (await shownWindow(page)).from, POLL).toBe(24 * H);
    expect(await page.locator('[data-preset="24h"]').getAttribute('aria-pressed')).toBe('true');

    // a custom range in the site's wall time
    await page.locator('[data-preset="custom"]').click();
    const now = Date.now();
    const wall = (ts: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: 'short' })
        .format(ts)
        .replace(' ', 'T');
    const from = wall(now - 3 * 24 * H);
    const to = wall(now - 2 * 24 * H);
    await page.locator('#site-range-from').fill(to); // the end before the start is refused
    await page.locator('#site-range-to').fill(from);
    await page.locator('form.custom button[type=submit]').click();
    await page.locator('form.custom [role=alert]').waitFor();
    await page.locator('#site-range-from').fill(from);
    await page.locator('#site-range-to').fill(to);
    await page.locator('form.custom button[type=submit]').click();
    await expect.poll(() => hashOf(page), POLL).toContain(`from=${encodeURIComponent(from)}`);
    await expect.poll(async () => (await shownWindow(page)).from, POLL).toBe(Date.parse(`${from}:00+09:00`));
    w = await shownWindow(page);
    expect(w.to).toBe(Date.parse(`${to}:00+09:00`));

    // the URL is the view: another tab opens on the same range
    const shared = await ja.newPage();
    await shared.goto(page.url());
    await shared.locator('[data-chart="heat"] .chart svg').waitFor({ timeout: 20_000 });
    expect(await shownWindow(shared)).toEqual(w);
    expect(await shared.locator('[data-preset="custom"]').getAttribute('aria-pressed')).toBe('true');
    expect(await shared.locator('#site-range-from').inputValue()).toBe(from);
    await shared.close();
  }, 90_000);

  it('compares with yesterday: a dashed line per series, its legend entry, and the CSV holds both', async () => {
    await page.goto(`${stack.url}/#/sites/minato-dhc?range=24h`);
    const heat = page.locator('[data-chart="heat"]');
    await heat.locator('.chart svg').waitFor({ timeout: 20_000 });
    const before = Number(await heat.locator('.chart').getAttribute('data-series'));
    await page.locator('#site-range-compare').selectOption('day');
    await expect.poll(() => hashOf(page), POLL).toContain('compare=day');
    await expect
      .poll(async () => Number(await heat.locator('.chart').getAttribute('data-series')), POLL)
      .toBe(before * 2);
    const compared = heat.locator('.legend .chip', { hasText: '（前日）' });
    expect(await compared.count()).toBe(before);
    expect(await compared.first().locator('.swatch.dashed').count()).toBe(1);

    // every series is listed, none behind a pager: the legend wraps, and ECharts draws no legend of its own
    for (const chart of await page.locator('[data-chart]').all()) {
      const n = Number(await chart.locator('.chart').getAttribute('data-series'));
      expect(await chart.locator('.legend .chip').count()).toBe(n);
      for (const chip of await chart.locator('.legend .chip').all()) expect(await chip.isVisible()).toBe(true);
      const texts = await chart.locator('.chart svg text').allTextContents();
      expect(texts.filter((x) => /^\s*\d+\s*\/\s*\d+\s*$/.test(x))).toEqual([]);
      expect(await chart.locator('.chart').getAttribute('data-axes')).not.toBe('');
    }
    // switching a series off in the legend
    const chip = heat.locator('.legend .chip').first();
    await chip.click();
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    await chip.click();

    const [download] = await Promise.all([page.waitForEvent('download'), heat.locator('button.csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^minato-dhc-heat-\d{8}T\d{4}-\d{8}T\d{4}\.csv$/);
    const csv = readFileSync(await download.path());
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csv.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    const header = rows[0]!.split(',');
    expect(header[0]).toBe('日時（Asia/Tokyo）');
    expect(header).toContain('空気熱源ヒートポンプ1号機 (kW)');
    expect(header).toContain('空気熱源ヒートポンプ1号機（前日） (kW)');
    expect(header.length).toBe(1 + before * 2);
    expect(rows.length).toBeGreaterThan(20);
    const w = await shownWindow(page);
    for (const r of rows.slice(1)) {
      const cells = r.split(',');
      expect(cells[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      const ts = Date.parse(cells[0]!);
      expect(ts).toBeGreaterThanOrEqual(w.from - 3600_000);
      expect(ts).toBeLessThan(w.to);
      expect(cells.length).toBe(header.length);
    }
    await shot(page, 'ops-site-compare');
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);

  it('asset history: axes named with units, COP by name, the battery’s sign convention, spec labels', async () => {
    await page.goto(`${stack.url}/#/sites/minato-dhc/assets/hp-1?range=7d&compare=week`);
    const chart = page.locator('.history .chart');
    await chart.locator('svg').waitFor({ timeout: 20_000 });
    await expect.poll(() => chart.getAttribute('data-axes'), POLL).toBe('kW|COP');
    expect(await page.locator('.history .legend .chip', { hasText: '（前週）' }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-preset="7d"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await shownWindow(page)).to - (await shownWindow(page)).from, POLL).toBe(7 * 24 * H);
    // a metric switched on goes into the URL
    await page.getByRole('checkbox', { name: /往き温度/ }).check();
    await expect.poll(() => hashOf(page), POLL).toMatch(/metrics=[^&]*supply_temp_c/);
    await expect.poll(() => chart.getAttribute('data-axes'), POLL).toBe('kW|COP|°C');
    // the specification by its labels, never its keys
    const params = page.locator('.params [data-param]');
    expect(await params.count()).toBeGreaterThan(2);
    for (const p of await params.all()) {
      const key = (await p.getAttribute('data-param'))!;
      const label = (await p.locator('dt').textContent())!.trim();
      expect(label).not.toBe(key);
      expect(label).not.toMatch(/_/);
    }
    expect(await page.locator('[data-param="rated_power_kw"] dt').textContent()).toBe('定格消費電力 (kW)');
    await shot(page, 'ops-asset');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${stack.url}/#/sites/ebina-bousai/assets/battery?metrics=power_kw`);
    await page.locator('.history .chart svg').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('.history .chart').getAttribute('data-axes'), POLL)
      .toBe('kW (＋充電／－放電)');
    // on the site's electricity chart the battery shares its axis: its line says the convention
    await page.goto(`${stack.url}/#/sites/ebina-bousai`);
    await page.locator('[data-chart="power"] .chart svg').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-chart="power"] .legend').textContent()).toContain('定置用蓄電池 (＋充電／－放電)');
    // switching the language redraws the charts in it (time axis included), and back
    const lang = page.locator('header select');
    await lang.selectOption('en');
    await expect
      .poll(() => page.locator('[data-chart="power"] .legend').textContent(), POLL)
      .toContain('Stationary battery (+ charging / − discharging)');
    await page.locator('[data-chart="power"] .chart svg').waitFor();
    await lang.selectOption('ja');
    await expect.poll(() => page.locator('[data-chart="power"] .legend').textContent(), POLL).toContain('定置用蓄電池');
  }, 90_000);

  it('in English: labels, signs and counted messages; desktop and phone screenshots', async () => {
    const p = await signIn(en);
    const summary = (await p.locator('p.summary').textContent())!.trim();
    const m = /(\d+) sites? · (\d+) active alarm(s?)/.exec(summary);
    expect(m, summary).not.toBeNull();
    expect(m![3] === 's').toBe(Number(m![2]) !== 1);
    expect(summary).not.toMatch(/\b1 active alarms\b/);

    await p.goto(`${stack.url}/#/sites/ebina-bousai/assets/battery?range=24h&compare=day`);
    await p.locator('.history .chart svg').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => p.locator('.history .chart').getAttribute('data-axes'), POLL)
      .toContain('+ charging / − discharging');
    expect(await p.locator('.history .legend').textContent()).toContain('(yesterday)');
    expect(await p.locator('[data-param="capacity_kwh"] dt').textContent()).toBe('Usable capacity (kWh)');
    await shot(p, 'ops-asset-battery-en');
    expect(await axeViolations(p)).toEqual([]);

    await p.goto(`${stack.url}/#/sites/minato-dhc?range=24h&compare=week`);
    await p.locator('[data-chart="heat"] .chart svg').waitFor({ timeout: 20_000 });
    await shot(p, 'ops-site-en');
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.locator('[data-chart="tank"] button.csv').click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.slice(1).split('\r\n')[0]).toMatch(/^Time \(Asia\/Tokyo\),Water heat-storage tank \(m³\)/);
    expect(text).toContain('(last week) (m³)');

    await p.setViewportSize(PHONE);
    await p.reload();
    await p.locator('[data-chart="heat"] .chart svg').waitFor({ timeout: 20_000 });
    // on a phone too the legend lists every series in the chart's width
    for (const chart of await p.locator('[data-chart]').all()) {
      const box = (await chart.boundingBox())!;
      for (const chip of await chart.locator('.legend .chip').all()) {
        const b = (await chip.boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
      }
    }
    await shot(p, 'ops-site-en-phone');
    expect(await axeViolations(p)).toEqual([]);
    await p.close();
  }, 120_000);

  it('alarms on a phone are cards: no table, no text one character per line, a page of sane height', async () => {
    await stack.dropDevice(); // the kerosene tank goes offline: an alarm
    for (const [context, name] of [
      [ja, 'ops-alarms-phone'],
      [en, 'ops-alarms-phone-en'],
    ] as const) {
      const p = await context.newPage();
      await p.setViewportSize(PHONE);
      await p.goto(`${stack.url}/#/alarms`);
      await p.locator('li.alarm-card').first().waitFor({ timeout: 90_000 });
      expect(await p.locator('main table').count()).toBe(0);
      const height = await p.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeLessThan(3 * PHONE.height);
      // the message runs across the card, not one character per line
      const msg = p.locator('li.alarm-card .msg').first();
      const box = (await msg.boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
      expect(box.height).toBeLessThan(80);
      const heading = (await p.locator('#open-h').textContent())!;
      if (context === en) expect(heading).toMatch(/\((1 alarm|\d+ alarms)\)/);
      await shot(p, name);
      expect(await axeViolations(p)).toEqual([]);
      // on a desktop the same page is a table
      await p.setViewportSize(DESKTOP);
      await p.locator('main table').first().waitFor();
      if (context === ja) await shot(p, 'ops-alarms-desktop');
      await p.close();
    }
  }, 150_000);
});
