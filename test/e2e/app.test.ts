// The app end to end: a production build served by the real server, driven in Debian's
// Chromium. The planner logs in; the editor loads the project through the API and hands
// it to the report worker, which validates it, computes its facts and evaluates the
// packs; the page must show the real figures.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, HAS_CHROMIUM, login, startSession, type Browser, type RunningApp, type Session } from './harness';

/** The report needs the city loaded and checked; a slow CI machine gets time. */
const REPORT_TIMEOUT = 60_000;
const HOOK_TIMEOUT = 240_000;

/** Waits until the locator's text is exactly `text` (after trimming). */
async function waitForText(locator: Locator, text: string, timeout = REPORT_TIMEOUT): Promise<void> {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await locator.filter({ hasText: new RegExp(`^\\s*${escaped}\\s*$`) }).first().waitFor({ timeout });
}

const card = (page: Page, id: string): Locator => page.getByTestId(`rule-${id}`);
/** the status badge of a rule's card */
const status = (page: Page, id: string): Locator => card(page, id).locator('.card-head .status');

if (!HAS_CHROMIUM) console.warn(`test/e2e/app.test.ts skipped: no browser at ${CHROMIUM}; install it with apt-get install chromium`);

const SUITE = HAS_CHROMIUM ? 'app in Chromium' : `app in Chromium: SKIPPED, ${CHROMIUM} is missing (apt-get install chromium)`;

describe.skipIf(!HAS_CHROMIUM)(SUITE, () => {
  let session: Session | undefined;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = await startSession({ width: 1440, height: 1000 });
    ({ app, browser } = session);
    page = browser.page;
    await login(page, app.origin);
    await page.getByTestId('tab-report').click();
  }, HOOK_TIMEOUT);

  afterAll(() => session?.stop(), HOOK_TIMEOUT);

  it('asks for a login first and names the user after it', async () => {
    expect(await page.getByTestId('user').textContent()).toContain('planner');
    const fresh = await browser.context.browser()?.newContext();
    if (fresh) {
      const other = await fresh.newPage();
      await other.goto(`${app.origin}/`);
      await other.getByTestId('login-form').waitFor();
      await fresh.close();
    }
  });

  it('is in Chinese', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('shows the wuhan-2025 dashboard of the demo city, computed in the worker', async () => {
    const w1 = card(page, 'W25-1');
    await w1.waitFor({ timeout: REPORT_TIMEOUT });
    expect(await w1.getAttribute('data-scope')).toBe('city');
    expect(await w1.getAttribute('data-status')).toBe('fail');
    expect((await status(page, 'W25-1').textContent())?.trim()).toBe('未达标');
    expect(await w1.textContent()).toContain('367.00 平方公里');
    expect(await w1.textContent()).toContain('≥ 380.00 平方公里');

    expect(await card(page, 'W25-2').textContent()).toContain('86.50%');
    expect(await page.getByTestId('pack-summary-wuhan-2025').textContent()).toMatch(/^达标 \d+，预警 \d+，未达标 \d+，不适用 \d+$/);

    const data = await page.getByTestId('data-summary').textContent();
    expect(data).toContain('20,854 个地块');
    expect(data).toContain('100 个园区');
    expect(await page.getByTestId('data-timing').textContent()).toMatch(/Web Worker.*\d+ 毫秒/);
  });

  it('draws per-park results as bars under their rule, failures first', async () => {
    const w5 = card(page, 'W25-5');
    expect(await w5.textContent()).toContain('100 个园区');
    const bars = w5.locator('.bar-row');
    const collapsed = await bars.count();
    expect(collapsed).toBeGreaterThan(0);
    expect(collapsed).toBeLessThan(100);
    for (const s of await bars.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) expect(s).toBe('fail');

    await w5.locator('.bars-toggle').click();
    await expect.poll(() => bars.count()).toBe(100);
    const scopes = await bars.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(new Set(scopes).size).toBe(100);
  });

  it('switches the policy pack', async () => {
    await page.getByTestId('pack-qiaokou-2019').check();
    await page.getByTestId('pack-wuhan-2025').uncheck();
    await page.getByTestId('pack-section-qiaokou-2019').waitFor({ timeout: REPORT_TIMEOUT });
    await waitForText(status(page, 'QK-1'), '达标');
    expect((await status(page, 'QK-2').textContent())?.trim()).toBe('未达标');
    expect(await page.getByTestId('pack-section-wuhan-2025').count()).toBe(0);
  });

  it('switches the language and re-evaluates', async () => {
    await page.getByTestId('lang-switch').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await waitForText(status(page, 'QK-2'), 'fail');
    await waitForText(status(page, 'QK-1'), 'pass');
    expect(await page.getByTestId('pack-summary-qiaokou-2019').textContent()).toMatch(/^\d+ pass, \d+ warning, \d+ fail, \d+ n\/a$/);
    expect(await page.getByTestId('pack-chooser').locator('legend').textContent()).toBe('Policy pack');

    await page.getByTestId('pack-wuhan-2025').check();
    await waitForText(status(page, 'W25-1'), 'fail');
    expect(await card(page, 'W25-1').textContent()).toContain('367.00 km²');
  });

  it('says what went wrong when a layer cannot be loaded', async () => {
    const broken = await browser.context.newPage();
    try {
      await broken.route('**/layers/parcels/features', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'internal', message: 'disk on fire' }) }));
      await broken.goto(`${app.origin}/`);
      // The language chosen in the test before is remembered by the browser.
      const error = broken.getByRole('alert').filter({ hasText: 'disk on fire' });
      await error.waitFor({ timeout: REPORT_TIMEOUT });
      expect(await error.textContent()).toContain('Could not load the layers');
      expect(await broken.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    } finally {
      await broken.close();
    }
  });

  it('raised no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
