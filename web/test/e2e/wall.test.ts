/**
 * The wall view for a control room in a real headless Chromium at 1920 × 1080 against the real stack (two hours
 * of history, then live): every site's tile on one dark screen with its status and figures, no app chrome, a
 * clock; the api process stopped and started again on the same port — the wall says its data is not updating,
 * then recovers by itself on the same page (no reload). axe finds no WCAG 2.1 A/AA problem. Screenshots (ja, en)
 * go to test-artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, submitSignIn } from './browser.ts';
import { ensureWebBuilt, REPO_ROOT, startStack, type Stack } from './stack.ts';

const SHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');
const WALL = { width: 1920, height: 1080 };
const SITES = ['minato-dhc', 'nasu-cityhall', 'ebina-bousai'];

let stack: Stack;
let browser: Browser;
const logs: string[] = [];

async function openWall(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: WALL });
  const p = await context.newPage();
  p.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await p.goto(`${stack.url}/#/wall`);
  await submitSignIn(p, 'viewer', '.wall article.tile'); // sign-in returns to the wall
  return p;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureWebBuilt();
  stack = await startStack({ backfillFromMs: Date.now() - 2 * 3_600_000, log: (l) => logs.push(l) });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (process.env.E2E_LOG) console.log(logs.join('\n'));
}, 60_000);

describe('wall view', () => {
  it('shows every site on one dark screen, in Japanese and English, and survives an api restart', async () => {
    const page = await openWall('ja-JP');
    expect(new URL(page.url()).hash).toBe('#/wall');
    await page.locator('.wall[data-fresh="true"]').waitFor({ timeout: 20_000 });
    // no app chrome, a clock, every tile on the screen with a status and live figures
    expect(await page.locator('header.app-header').count()).toBe(0);
    expect(await page.locator('.wall .clock').textContent()).toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(await page.locator('.wall').getAttribute('data-pages')).toBe('1');
    for (const site of SITES) {
      const tile = page.locator(`.wall article.tile[data-site="${site}"]`);
      const box = await tile.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(WALL.height);
      expect(box!.x + box!.width).toBeLessThanOrEqual(WALL.width);
      expect(await tile.locator('header [data-status]').getAttribute('data-status')).toMatch(
        /ok|warning|critical|unknown/,
      );
      await expect
        .poll(async () => Number(await page.locator(`[data-testid="wall-heat-${site}"]`).getAttribute('data-value')), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
      expect(await page.locator(`[data-testid="wall-heat-${site}"] .age`).textContent()).toMatch(
        /計測 (\d+月\d+日 )?\d{2}:\d{2}:\d{2}/, // with its date since the reserves work
      );
      expect(await page.locator(`[data-testid="wall-alarms-${site}"]`).getAttribute('data-value')).toMatch(/^\d+$/);
    }
    const bg = await page.locator('.wall').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(100);
    expect(await axeViolations(page)).toEqual([]);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'wall-ja.png') });

    // the api goes away: the wall says so on the same page, then comes back by itself
    const marker = await page.evaluate(() => {
      (window as unknown as { wallMarker: number }).wallMarker = Math.random();
      return (window as unknown as { wallMarker: number }).wallMarker;
    });
    await stack.stopApi();
    await page.locator('.wall[data-fresh="false"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="wall-not-fresh"]').waitFor();
    expect(await page.locator('.wall article.tile.not-fresh').count()).toBe(SITES.length);
    await page.screenshot({ path: join(SHOTS, 'wall-not-fresh.png') });
    await stack.startApi();
    await page.locator('.wall[data-fresh="true"]').waitFor({ timeout: 45_000 });
    const heat = page.locator('[data-testid="wall-heat-minato-dhc"]');
    const before = await heat.getAttribute('data-value');
    await expect.poll(() => heat.getAttribute('data-value'), { timeout: 30_000, interval: 500 }).not.toBe(before);
    expect(await heat.getAttribute('data-stale')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { wallMarker?: number }).wallMarker)).toBe(marker);
    expect(new URL(page.url()).hash).toBe('#/wall');
    await page.context().close();

    const en = await openWall('en-GB');
    await en.locator('.wall[data-fresh="true"]').waitFor({ timeout: 20_000 });
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    expect(await en.locator('.wall .state').textContent()).toContain('Live');
    await expect
      .poll(async () => en.locator('[data-testid="wall-heat-minato-dhc"] .age').textContent(), { timeout: 20_000 })
      .toMatch(/measured (\d+ \S+ )?\d{2}:\d{2}:\d{2}/i);
    await en.waitForTimeout(500);
    await en.screenshot({ path: join(SHOTS, 'wall-en.png') });
    await en.context().close();
  }, 240_000);

  it('turns pages when there are more tiles than fit (?per=1&rotate=5)', async () => {
    const page = await openWall('ja-JP');
    await page.goto(`${stack.url}/#/wall?per=1&rotate=5`);
    await expect.poll(() => page.locator('.wall').getAttribute('data-pages')).toBe(String(SITES.length));
    expect(await page.locator('.wall article.tile').count()).toBe(1);
    const first = await page.locator('.wall article.tile').getAttribute('data-site');
    await expect
      .poll(() => page.locator('.wall article.tile').getAttribute('data-site'), { timeout: 15_000 })
      .not.toBe(first);
    await page.context().close();
  }, 120_000);
});
