// Price floors end to end, as a planner uses them in real Chromium against the real server
// (PGlite + PostGIS, the demo city): the floor table with its table and version, a CSV
// import that makes a new version and changes every floor by the price ratio, and a sale
// price below the floor flagged in the table and on the map.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../src/api/types';
import { SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { CHROMIUM, HAS_CHROMIUM, login, startSession, type Session } from './harness';

const HOOK_TIMEOUT = 240_000;
const SHOTS = process.env.PARKATLAS_SHOTS ?? mkdtempSync(join(tmpdir(), 'parkatlas-prices-'));
const PROJECT = 'wuhan-demo';
const BENCHMARK = 'wuhan-benchmark-placeholder';
const shipped = (SHIPPED_PRICE_TABLES.get(BENCHMARK)?.grades ?? []).map((g) => g.price);

async function parcels(origin: string): Promise<ApiFeature[]> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reviewer', password: 'parkatlas-reviewer' }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const fc = (await (await fetch(`${origin}/api/projects/${PROJECT}/layers/parcels/features`, { headers: { cookie } })).json()) as { features: ApiFeature[] };
  return fc.features;
}

/** The parcel's row in the (virtualised) floor table, found by searching its id. */
async function rowOf(page: Page, id: string) {
  await page.getByTestId('price-filter-text').fill(id);
  const row = page.locator(`[data-parcel="${id}"]`);
  await row.waitFor({ timeout: 60_000 });
  return row;
}

const floorOf = async (page: Page, id: string): Promise<number> => Number(await page.getByTestId(`floor-yuan-${id}`).getAttribute('data-yuan'));

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'price floors in Chromium' : `price floors in Chromium: SKIPPED, ${CHROMIUM} is missing`, () => {
  let session: Session | undefined;
  let page: Page;
  /** an industrial demo parcel with a grade and no sale price */
  let target = '';

  beforeAll(async () => {
    session = await startSession();
    const all = await parcels(session.app.origin);
    const found = all.find((f) => String(f.properties.landUse).startsWith('1001') && typeof f.properties.grade === 'number' && f.properties.salePrice === undefined);
    if (!found) throw new Error('no industrial demo parcel with a grade and without a sale price');
    target = found.id;
    page = session.browser.page;
    await login(page, session.app.origin);
  }, HOOK_TIMEOUT);

  afterAll(() => session?.stop(), HOOK_TIMEOUT);

  it('shows every parcel’s floor with its table and version, filters and totals', async () => {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-section-prices').click();
    await page.getByTestId('floor-table').waitFor();
    await page.locator('[data-testid="floor-table"] [data-parcel]').first().waitFor({ timeout: 90_000 });
    const count = (await page.getByTestId('price-count').textContent()) ?? '';
    expect(count).toMatch(/^([\d,]+) \/ \1 宗$/); // nothing filtered yet
    expect(Number(count.split(' ')[0].replace(/,/g, ''))).toBeGreaterThan(20_000);
    expect(await page.getByTestId('price-totals').textContent()).toMatch(/有底价 [\d,]+ 宗，面积 [\d,.]+ 公顷（[\d,.]+ 亩），底价合计 [\d,.]+ 万元；低于底价 [\d,]+ 宗/);
    await page.getByTestId(`price-table-version-${BENCHMARK}`).waitFor();
    expect(await page.getByTestId(`price-table-version-${BENCHMARK}`).textContent()).toContain('placeholder-1');
    await page.screenshot({ path: join(SHOTS, 'prices-table.png') });

    const row = await rowOf(page, target);
    expect(await page.getByTestId(`floor-table-${target}`).textContent()).toMatch(/^placeholder-1 · 武汉市工业用地基准地价（占位数据）$/);
    expect(await floorOf(page, target)).toBeGreaterThan(0);
    await row.click();
    await page.getByTestId('price-reason').waitFor();
    expect(await page.getByTestId('price-reason').textContent()).toMatch(/第\d+等 武汉市工业用地基准地价（占位数据）/);
    expect(await page.evaluate(() => window.__parkatlasMap?.markedIds('focus'))).toEqual([target]);
  });

  it('imports a CSV: a new version, and the floors change by the price ratio', async () => {
    const before = await floorOf(page, target);
    const bad = ['等别,价格', ...shipped.slice(1).map((p, i) => `${i + 2},${p}`)].join('\n'); // no grade 1
    await page.getByTestId(`price-table-file-${BENCHMARK}`).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const outcome = page.getByTestId(`price-table-outcome-${BENCHMARK}`);
    await outcome.waitFor();
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toMatch(/bad\.csv 未导入，未作任何更改：缺少第1等/);
    await outcome.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'prices-import-refused.png') });

    const csv = '\uFEFF等别,价格（元/㎡）,备注\r\n' + shipped.map((p, i) => `${i + 1},${p * 1.2},`).join('\r\n');
    await page.getByTestId(`price-table-comment-${BENCHMARK}`).fill('2026 年公布');
    await page.getByTestId(`price-table-file-${BENCHMARK}`).setInputFiles({ name: '武汉基准地价2026.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toMatch(/已导入 武汉基准地价2026\.csv，为 v1 \(\d{4}-\d\d-\d\d, planner\)/);
    await expect.poll(() => page.getByTestId(`floor-table-${target}`).textContent(), { timeout: 60_000 }).toMatch(/^v1 \(\d{4}-\d\d-\d\d, planner\) · 武汉市工业用地基准地价$/);
    expect((await floorOf(page, target)) / before).toBeCloseTo(1.2, 9);
    expect(await page.getByTestId(`price-table-version-${BENCHMARK}`).textContent()).toMatch(/当前版本：v1 \(/);
    await page.getByTestId(`price-table-${BENCHMARK}`).locator('summary').nth(1).click();
    await page.getByTestId(`price-table-history-${BENCHMARK}-1`).waitFor();
    await outcome.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'prices-imported.png') });
  });

  it('flags a parcel sold below its floor in the table and on the map', async () => {
    const floor = await floorOf(page, target);
    expect(await page.evaluate(() => window.__parkatlasMap?.markedIds('breach') ?? [])).not.toContain(target);
    // The row click selected the parcel: give it a sale price of half its floor in the form.
    await page.getByTestId('tab-attributes').click();
    await page.getByTestId('field-salePrice').fill(String(Math.round(floor / 2)));
    await page.getByTestId('attribute-save').click();
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-section-prices').click();
    await rowOf(page, target);
    await page.getByTestId(`floor-breach-${target}`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId(`floor-breach-${target}`).textContent()).toContain('低于底价');
    await expect.poll(() => page.evaluate(() => window.__parkatlasMap?.markedIds('breach') ?? []), { timeout: 30_000 }).toContain(target);
    await page.getByTestId('price-filter-text').fill('');
    await page.getByTestId('price-filter-breaches').check();
    await page.locator(`[data-testid="floor-breach-${target}"]`).waitFor();
    expect(await page.locator('[data-testid="floor-table"] [data-parcel]:not([data-testid^="floor-breach-"])').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'prices-breach.png') });
    expect(session?.browser.pageErrors ?? []).toEqual([]);
  });
});
