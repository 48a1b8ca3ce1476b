/**
 * The reserve sheet for disaster-response staff, in a real headless Chromium against the real stack (Mosquitto,
 * InfluxDB, ingest, simulators, the api serving web/dist): until-when with a date, the all-sites table sorted status
 * first with totals, "none installed" apart from "unknown", the CSV / XLSX downloads, an A4 print whose chart fits
 * the page and whose text has no relative ages, axe clean, screenshots (desktop and phone, ja and en).
 *
 * The registry is the demo's plus a site whose assets never send (unknown, never "none"). The emergency diesel tank
 * at Ebina is driven by this test alone through MQTT → ingest → api, falling 100 L/h over the last hour, so that
 * its time to empty is known: about 15 h from now.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, submitSignIn } from './browser.ts';
import { ensureWebBuilt, REGISTRY_FILE, REPO_ROOT, startStack, type Stack } from './stack.ts';

const SHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const HOUR = 3_600_000;
const MIN = 60_000;
/** A4 less 12 mm margins each side (app.css @page), in CSS pixels. */
const PRINTABLE_PX = ((210 - 2 * 12) / 25.4) * 96;
const RELATIVE_AGE = /\d+\s*(秒前|分前|時間前|日前)|たった今|\d+\s*(s|min|h) ago|just now/;

const UNKNOWN_SITE = `
  - id: kita-shelter
    name: { ja: 北部避難所, en: Kita Shelter }
    time_zone: Asia/Tokyo
    location: { lat: 35.78, lon: 139.72 }
    population_served: 300
    reserve: { warning_hours: 24, critical_hours: 6, living_water_l_per_person_day: 20, critical_load_kw: 10 }
    assets:
      - { id: tank-1, type: storage_tank, name: { ja: 受水槽, en: Water tank }, area_m2: 10, height_m: 3, dead_volume_m3: 1, fire_reserve_m3: 5, min_useful_temp_c: 40, expected_interval_s: 10 }
      - { id: battery, type: battery, name: { ja: 避難所蓄電池, en: Shelter battery }, capacity_kwh: 20, rated_power_kw: 10, expected_interval_s: 10 }
`;

let stack: Stack;
let browser: Browser;
let ja: BrowserContext;
let page: Page;
let publisher: MqttClient;
let feeder: NodeJS.Timeout | undefined;
let t0 = 0;
const logs: string[] = [];

/** The diesel tank's level: 1,500 L now, falling 100 L/h (ts in ms). */
const diesel = (ts: number) => Math.round((1500 - (100 * (ts - t0)) / HOUR) * 10) / 10;

async function publishDiesel(ts: number) {
  await publisher.publishAsync(
    'ems/v1/ebina-bousai/diesel-tank/telemetry',
    JSON.stringify({ ts, values: { volume_l: diesel(ts) } }),
    { qos: 1 },
  );
}

async function signIn(context: BrowserContext): Promise<Page> {
  const p = await context.newPage();
  p.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await p.goto(`${stack.url}/`);
  await submitSignIn(p, 'operator');
  return p;
}

async function openReserves(p: Page) {
  await p.goto(`${stack.url}/#/reserves`);
  await p.locator('[data-testid="totals-table"] tbody tr').first().waitFor({ timeout: 20_000 });
  await p.locator('section.site .chart svg').first().waitFor({ timeout: 30_000 });
  await p.waitForTimeout(600); // let the charts finish drawing
}

/** How far the all-sites table, or a status badge in its cell, reaches beyond the box that holds it (px). */
const tableOverflow = async (p: Page) =>
  Math.max(
    await p
      .locator('[data-testid="totals-table"]')
      .evaluate((t) => t.getBoundingClientRect().right - t.closest('section')!.getBoundingClientRect().right),
    ...(await p
      .locator('[data-testid="totals-table"] tbody .badge')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().right - e.closest('td')!.getBoundingClientRect().right),
      )),
  );

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'web-e2e-reserves-'));
  const registryFile = join(dir, 'sites.yaml');
  writeFileSync(registryFile, readFileSync(REGISTRY_FILE, 'utf8').trimEnd() + '\n' + UNKNOWN_SITE);
  stack = await startStack({
    registryFile,
    backfillFromMs: Date.now() - 26 * HOUR,
    unsimulated: ['kita-shelter/tank-1', 'kita-shelter/battery', 'ebina-bousai/diesel-tank'],
    log: (l) => logs.push(l),
  });
  // the diesel tank is this test's (no simulator drives it): the last hour arrives sample by sample as a device
  // that was offline would send it, then one sample every 10 s
  publisher = mqtt.connect(stack.mqtt.url, { clientId: `e2e-reserves-${process.pid}` });
  await new Promise<void>((resolve, reject) => {
    publisher.once('connect', () => resolve());
    publisher.once('error', reject);
  });
  t0 = Date.now();
  for (let m = 60; m >= 0; m -= 5) await publishDiesel(t0 - m * MIN);
  feeder = setInterval(() => void publishDiesel(Date.now()).catch(() => undefined), 10_000);
  browser = await launchBrowser();
  ja = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await signIn(ja);
}, 300_000);

afterAll(async () => {
  if (feeder) clearInterval(feeder);
  await publisher?.endAsync(true).catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  if (process.env.E2E_LOG) console.log(logs.join('\n'));
}, 60_000);

const RANK = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;

describe('reserve sheet end to end', () => {
  it('the all-sites table: status first (critical, warning, unknown, ok), sortable, with totals', async () => {
    await openReserves(page);
    const rows = page.locator('[data-testid="totals-table"] tbody tr');
    expect(await rows.count()).toBe(4);
    const statuses = (await rows.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-status')),
    )) as (keyof typeof RANK)[];
    expect(statuses.map((s) => RANK[s])).toEqual([...statuses.map((s) => RANK[s])].sort((a, b) => a - b));
    expect(statuses).toContain('unknown'); // the site that never sent
    expect(await page.locator('th[data-sort="status"]').getAttribute('aria-sort')).toBe('ascending');
    // sort by heat autonomy, least first; sites without a value last
    await page.locator('th[data-sort="heat"] button').click();
    expect(await page.locator('th[data-sort="heat"]').getAttribute('aria-sort')).toBe('ascending');
    const heat = await rows.evaluateAll((els) =>
      els.map((e) => e.querySelector('[data-testid^="cell-heat-"]')!.getAttribute('data-state')),
    );
    expect(heat.at(-1)).not.toBe('value');
    await page.locator('th[data-sort="status"] button').click();
    expect(await page.locator('th[data-sort="status"]').getAttribute('aria-sort')).toBe('ascending');
    // totals: water m³ and person-days add up over the sites that have them; hours never add up
    const api = await page.evaluate(async () => (await fetch('/api/reserves', { credentials: 'include' })).json());
    const usable = (api.reserves as { usable_water_m3: { value: number | null } }[]).reduce(
      (a, r) => a + (r.usable_water_m3.value ?? 0),
      0,
    );
    const total = await page.locator('[data-testid="total-water"]').textContent();
    const shown = Number(/([\d,]+) m³/.exec(total ?? '')![1]!.replace(/,/g, ''));
    expect(Math.abs(shown - usable)).toBeLessThanOrEqual(Math.max(20, usable * 0.02));
    expect(total).toContain('人日');
    expect(total).toContain('不明 1 サイトを含まず');
    expect(await page.locator('[data-testid="total-battery_kwh"]').textContent()).toMatch(/蓄電量 [\d,]+ kWh/);
  }, 120_000);

  it('until-when with a date: the diesel tank falling 100 L/h lasts about 15 h', async () => {
    const cell = page.locator('[data-testid="until-fuel-ebina-bousai"]');
    await expect.poll(async () => cell.getAttribute('data-at'), { timeout: 60_000, interval: 1000 }).not.toBe('');
    const at = Number(await cell.getAttribute('data-at'));
    expect(Math.abs(at - (t0 + 15 * HOUR))).toBeLessThan(HOUR);
    const text = await cell.textContent();
    expect(text).toMatch(/^\d+月\d+日 \d{2}:\d{2}まで$/);
    const expected = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      month: 'numeric',
      day: 'numeric',
    }).format(at);
    expect(text).toContain(expected.replace('/', '月') + '日');
    // the site's own section says it too, with the levels and what the hours assume
    const outlook = page.locator('[data-testid="outlook-fuel-ebina-bousai"]');
    expect(await outlook.getAttribute('data-trend')).toBe('falling');
    expect(await outlook.textContent()).toMatch(/見通し: \d+月\d+日 \d{2}:\d{2}まで/);
    expect(await outlook.textContent()).toContain('残量ゼロ');
    expect(await page.locator('[data-testid="assumes-fuel-ebina-bousai"]').textContent()).toMatch(
      /前提: 非常用ディーゼル発電機の(現在|定格)燃料消費 [\d.]+ L\/時 で/,
    );
    expect(await page.locator('[data-testid="assumes-heat-nasu-cityhall"]').textContent()).toMatch(
      /蓄熱量＋燃料×ボイラ効率 86%を現在の熱需要 [\d,.]+ kW で使い切るまで|現在の熱需要がない/,
    );
    expect(await page.locator('[data-testid="assumes-electricity-ebina-bousai"]').textContent()).toContain(
      '蓄電池＋発電機燃料×発電効率 33%を重要負荷 60 kW で使い切るまで',
    );
    // every measured-at carries its date
    expect(await page.locator('[data-testid="usable-minato-dhc"] .age').textContent()).toMatch(
      /計測 \d+月\d+日 \d{2}:\d{2}:\d{2}/,
    );
  }, 120_000);

  it('"none installed" differs from "unknown" in the table and in the sections', async () => {
    const state = (id: string) => page.locator(`[data-testid="${id}"]`).getAttribute('data-state');
    const text = (id: string) => page.locator(`[data-testid="${id}"]`).textContent();
    // Minato has no fuel tank: none installed, never "never measured"
    expect(await state('cell-fuel-minato-dhc')).toBe('none');
    expect(await text('cell-fuel-minato-dhc')).toBe('設置なし');
    expect(await state('fuel-hours-minato-dhc')).toBe('none');
    expect(await text('fuel-hours-minato-dhc')).not.toContain('未計測');
    // Kita's tank and battery never sent: unknown, never measured
    expect(await state('cell-water-kita-shelter')).toBe('unknown');
    expect(await text('cell-water-kita-shelter')).toContain('不明');
    expect(await text('cell-water-kita-shelter')).toContain('未計測');
    expect(await state('cell-fuel-kita-shelter')).toBe('none');
    expect(await state('usable-kita-shelter')).toBe('unknown');
    expect(await state('electricity-autonomy-kita-shelter')).toBe('unknown');
    expect(await text('outlook-water-kita-shelter')).toContain('見通し不明（未計測）');
    expect(await page.locator('section.site[data-site="kita-shelter"] .badge').getAttribute('data-status')).toBe(
      'unknown',
    );
    await page.locator('[data-testid="totals-table"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'reserves-sheet-ja.png'), fullPage: true });
  }, 60_000);

  it('downloads the sheet as CSV (UTF-8 BOM) and XLSX, in the page’s language', async () => {
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-format="csv"]').click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^reserves-\d{8}-\d{4}\.csv$/);
    const csv = readFileSync(await csvDownload.path());
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('防災備蓄 一覧');
    const header = lines.findIndex((l) => l.startsWith('サイト,状態,理由,利用可能水量 (m³),生活用水 (人日)'));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 5]).toMatch(/^合計/); // four sites, then the totals
    const ebina = lines.find((l) => l.startsWith('海老名市防災センター,燃料,燃料の持続時間,'))!;
    expect(ebina).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},最新,/);
    expect(csv.toString('utf8')).not.toMatch(RELATIVE_AGE);

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-format="xlsx"]').click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^reserves-\d{8}-\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await xlsxDownload.path()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['一覧', '数値と計測日時']);
    const sum = wb.getWorksheet('一覧')!;
    expect(sum.getRow(3).getCell(1).value).toBe('サイト');
    expect(sum.getRow(4).getCell(2).value).toMatch(/危険|注意|不明/); // status first
  }, 60_000);

  it('prints on A4: the chart fits the page, every time is absolute (no “9秒前” in the PDF)', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(500);
    expect(await page.locator('header.app-header').isVisible()).toBe(false);
    expect(await page.locator('a[data-format="csv"]').isVisible()).toBe(false);
    const widths = await page
      .locator('section.site .chart svg')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(0);
    for (const w of widths) expect(w).toBeLessThanOrEqual(PRINTABLE_PX + 1);
    const main = await page.locator('main').evaluate((e) => e.scrollWidth);
    expect(main).toBeLessThanOrEqual(PRINTABLE_PX + 1); // nothing wider than the paper
    expect(await tableOverflow(page)).toBeLessThanOrEqual(1); // nor the table, clipped in its scroll area
    expect(await page.locator('main').innerText()).not.toMatch(RELATIVE_AGE);
    await page.screenshot({ path: join(SHOTS, 'reserves-sheet-print-ja.png'), fullPage: true });
    const pdfFile = join(ARTIFACTS, 'reserves-sheet-ja.pdf');
    await page.pdf({
      path: pdfFile,
      format: 'A4',
      margin: { top: '12mm', right: '12mm', bottom: '12mm', left: '12mm' },
    });
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('防災備蓄');
    expect(text).toMatch(/計測 \d+月\d+日 \d{2}:\d{2}:\d{2}/);
    expect(text).toMatch(/\d+月\d+日 \d{2}:\d{2}まで/);
    expect(text).not.toMatch(RELATIVE_AGE);
    await page.emulateMedia({ media: 'screen' });
  }, 120_000);

  it('is clean for axe (WCAG 2.1 A/AA), in Japanese', async () => {
    await openReserves(page);
    expect(await axeViolations(page, 'document')).toEqual([]);
  }, 60_000);

  it('in English, on a desktop and on a phone', async () => {
    const en = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    const p = await signIn(en);
    await openReserves(p);
    expect(await p.locator('html').getAttribute('lang')).toBe('en');
    expect(await p.locator('[data-testid="cell-fuel-minato-dhc"]').textContent()).toBe('none installed');
    await expect
      .poll(async () => p.locator('[data-testid="until-fuel-ebina-bousai"]').textContent(), { timeout: 30_000 })
      .toMatch(/^until \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}$/);
    expect(await axeViolations(p, 'document')).toEqual([]);
    await p.screenshot({ path: join(SHOTS, 'reserves-sheet-en.png'), fullPage: true });
    await p.emulateMedia({ media: 'print' });
    await p.waitForTimeout(300);
    expect(await p.locator('main').innerText()).not.toMatch(RELATIVE_AGE);
    expect(await tableOverflow(p)).toBeLessThanOrEqual(1); // English words are longer: still on the paper
    await p.pdf({ path: join(ARTIFACTS, 'reserves-sheet-en.pdf'), format: 'A4' });
    await p.emulateMedia({ media: 'screen' });

    for (const [ctx, lang] of [
      [ja, 'ja'],
      [en, 'en'],
    ] as const) {
      const phone = await ctx.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await openReserves(phone);
      // the table scrolls sideways inside its card; the page itself does not
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await phone.screenshot({ path: join(SHOTS, `reserves-sheet-phone-${lang}.png`) });
      await phone.locator('section.site').first().scrollIntoViewIfNeeded();
      await phone.screenshot({ path: join(SHOTS, `reserves-sheet-phone-site-${lang}.png`) });
      await phone.close();
    }
    await en.close();
  }, 120_000);
});
