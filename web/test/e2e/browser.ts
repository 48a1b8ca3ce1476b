/** The browser side of the e2e tests: Debian's Chromium, the sign-in form, axe. */
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, never reaching out to the network on its own (no downloads by test tools);
 * Playwright gives every launch a fresh profile. `extraArgs` for a test's own switches.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's browser with \`apt-get install chromium\` (never downloaded).`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** The demo accounts of config/users.yaml. */
export const DEMO_USERS = {
  operator: { username: 'operator', password: 'demo-operator' },
  viewer: { username: 'viewer', password: 'demo-viewer' },
} as const;

/** Fills the sign-in form `p` shows as `user` and waits until `ready` (a selector of the page it returns to). */
export async function submitSignIn(
  p: Page,
  user: keyof typeof DEMO_USERS,
  ready = 'article.site',
  timeoutMs = 20_000,
): Promise<void> {
  const { username, password } = DEMO_USERS[user];
  await p.locator('#username').fill(username);
  await p.locator('#password').fill(password);
  await p.locator('button[type=submit]').click();
  await p.locator(ready).first().waitFor({ timeout: timeoutMs });
}

/**
 * WCAG 2.1 A and AA problems axe finds in the page's `main` region (the header belongs to other pages' tests) or
 * in the whole document. axe is injected through the debugging protocol: the page's CSP allows no inline script.
 */
export async function axeViolations(p: Page, scope: 'main' | 'document' = 'main'): Promise<string[]> {
  await p.evaluate(axe.source);
  return p.evaluate(async (where) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const r = await run(where === 'main' ? document.querySelector('main')! : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, scope);
}
