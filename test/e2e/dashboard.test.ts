// The compliance dashboard end to end, in real Chromium against the real server and the
// demo city: cards change status live as a parcel is drawn, tagged and deleted; clicking a
// rule marks exactly the features the server says are behind it; a selected parcel shows
// what it contributes; and all of it in English too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry, Position } from 'geojson';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../src/api/types';
import { CHROMIUM, HAS_CHROMIUM, login, mapIdle, screenPoint, startSession, type Browser, type RunningApp, type Session } from './harness';

const HOOK_TIMEOUT = 240_000;
const REPORT_TIMEOUT = 60_000;
const PROJECT = 'wuhan-demo';
/** Screenshots for a person to look at (not compared): PARKATLAS_SHOTS or the temp folder. */
const SHOTS = process.env.PARKATLAS_SHOTS ?? mkdtempSync(join(tmpdir(), 'parkatlas-dashboard-'));

type LngLat = [number, number];

// --- finding open land in a district ------------------------------------------------------

const polygonsOf = (g: Geometry): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []);

function inRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inGeometry = (p: Position, g: Geometry): boolean => polygonsOf(g).some(([shell, ...holes]) => inRing(p, shell) && !holes.some((h) => inRing(p, h)));

function bboxOf(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [180, 90, -180, -90];
  for (const polygon of polygonsOf(g)) for (const [x, y] of polygon[0]) [b[0], b[1], b[2], b[3]] = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  return b;
}

/** The south-west corner of a `size`° square inside `district`, outside every national zone, park and parcel. */
function openSquare(districts: ApiFeature[], occupied: ApiFeature[], district: string, size: number): LngLat {
  const target = districts.find((d) => d.id === district);
  if (!target) throw new Error(`no district ${district}`);
  const zones = districts.filter((d) => d.properties.kind === 'national-zone');
  const taken = occupied.map((f) => bboxOf(f.geometry));
  const [x0, y0, x1, y1] = bboxOf(target.geometry);
  const margin = 0.001;
  for (let x = x0; x <= x1; x += 0.005) {
    for (let y = y0; y <= y1; y += 0.005) {
      const corners: LngLat[] = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x + size / 2, y + size / 2]];
      if (!corners.every((c) => inGeometry(c, target.geometry) && !zones.some((z) => inGeometry(c, z.geometry)))) continue;
      if (taken.some((b) => b[0] < x + size + margin && b[2] > x - margin && b[1] < y + size + margin && b[3] > y - margin)) continue;
      return [x, y];
    }
  }
  throw new Error(`no open land in ${district}`);
}

// --- the page -----------------------------------------------------------------------------

const card = (page: Page, id: string): Locator => page.getByTestId(`rule-${id}`);

async function drawPolygon(page: Page, corners: LngLat[]): Promise<void> {
  const points = [];
  for (const corner of corners) points.push(await screenPoint(page, corner));
  for (const p of points) {
    await page.mouse.move(p.x, p.y, { steps: 3 });
    await page.mouse.click(p.x, p.y);
  }
  await page.mouse.move(points[0].x, points[0].y, { steps: 3 });
  await page.mouse.click(points[0].x, points[0].y);
}

const markedFocus = (page: Page): Promise<string[]> => page.evaluate(() => window.__parkatlasMap?.markedIds('focus') ?? []);

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'dashboard in Chromium' : `dashboard in Chromium: SKIPPED, ${CHROMIUM} is missing`, () => {
  let session: Session | undefined;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  /** A layer as the server has it, through the page's own session. */
  const layer = async (name: string): Promise<ApiFeature[]> => ((await (await page.request.get(`${app.origin}/api/projects/${PROJECT}/layers/${name}/features`)).json()) as { features: ApiFeature[] }).features;

  beforeAll(async () => {
    session = await startSession({ width: 1440, height: 1000 });
    ({ app, browser } = session);
    page = browser.page;
    await login(page, app.origin);
    await page.getByTestId('tab-report').click();
    await card(page, 'W25-1').waitFor({ timeout: REPORT_TIMEOUT });
  }, HOOK_TIMEOUT);

  afterAll(() => session?.stop(), HOOK_TIMEOUT);

  it('shows a card per rule with its figures, a gauge for shares and bars per scope', async () => {
    const w1 = card(page, 'W25-1');
    expect(await w1.getAttribute('data-status')).toBe('fail');
    expect(await w1.textContent()).toContain('367.00 平方公里');
    expect(await w1.textContent()).toContain('≥ 380.00 平方公里');
    expect(await w1.textContent()).toContain('全市现状工业用地总规模达到380平方公里以上');
    expect(await card(page, 'W25-2').getByTestId('gauge').count()).toBe(1);
    expect(await card(page, 'W25-2').textContent()).toContain('86.50%');
    // W25-5 is evaluated per park: a tally, and bars worst first (collapsed to the worst few)
    const w5 = card(page, 'W25-5');
    expect(await w5.textContent()).toContain('100 个园区');
    const bars = w5.locator('.bar-row');
    expect(await bars.count()).toBeLessThan(100);
    expect(await bars.first().getAttribute('data-status')).toBe('fail');
    await w5.getByRole('button', { name: '显示全部 100 项' }).click();
    expect(await bars.count()).toBe(100);
    expect(await page.getByTestId('pack-summary-wuhan-2025').textContent()).toMatch(/^达标 \d+，预警 \d+，未达标 \d+，不适用 \d+$/);
    await page.screenshot({ path: join(SHOTS, 'dashboard-cards.png') });
  });

  it('clicking a rule marks exactly the features behind it, and Esc clears them', async () => {
    const response = await page.request.get(`${app.origin}/api/projects/${PROJECT}/report?policy=wuhan-2025&features=1`);
    const served = (await response.json()) as { rules: Array<{ id: string; scope: string; features: string[] }> };
    const behind = (id: string, scope?: string): string[] =>
      [...new Set(served.rules.filter((r) => r.id === id && (scope === undefined || r.scope === scope)).flatMap((r) => r.features))].sort();

    const w2 = card(page, 'W25-2');
    await w2.locator('.card-toggle').click();
    await expect.poll(() => w2.getAttribute('class')).toContain('rule-card-active');
    const expected = behind('W25-2');
    expect(expected.length).toBeGreaterThan(1000);
    await expect.poll(() => markedFocus(page), { timeout: 15_000 }).toEqual(expected);
    await w2.getByTestId('breakdown').locator('.breakdown-row').first().waitFor({ timeout: 15_000 });
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'focus-W25-2.png') });

    // a bar is one result: the features behind that park's figure only
    const w5 = card(page, 'W25-5');
    const bar = w5.locator('.bar-row').first();
    const scope = (await bar.getAttribute('data-testid'))?.replace(/^bar-/, '') ?? '';
    await bar.click();
    await expect.poll(() => markedFocus(page), { timeout: 15_000 }).toEqual(behind('W25-5', scope));
    await w5.getByTestId('breakdown').waitFor();
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'focus-bar.png') });

    await page.keyboard.press('Escape');
    await expect.poll(() => markedFocus(page)).toEqual([]);
    expect(await page.locator('.rule-card-active').count()).toBe(0);
  });

  it('a rule card changes status when a parcel is drawn and again when it is deleted', async () => {
    // CQ-5 (park revenue ≥ 86 % of the city's: 90.6 % now) fails once a parcel outside the
    // parks earns 2 000 亿元; W21-3 in 蔡甸区 (net land about 2 km²: 2.10 now) turns to a
    // warning with 0.2 km² more.
    for (const pack of ['chongqing-2021', 'wuhan-2021']) await page.getByTestId(`pack-${pack}`).check();
    const cq5 = card(page, 'CQ-5');
    const caidian = card(page, 'W21-3').getByTestId('bar-d-caidian');
    await cq5.waitFor({ timeout: REPORT_TIMEOUT });
    expect(await cq5.getAttribute('data-status')).toBe('pass');
    expect(await caidian.getAttribute('data-status')).toBe('pass');

    const [districts, parks, parcels] = await Promise.all([layer('districts'), layer('parks'), layer('parcels')]);
    const size = 0.0045;
    const [lon, lat] = openSquare(districts, [...parks, ...parcels], 'd-caidian', size);
    await page.evaluate((c) => window.__parkatlasMap?.jumpTo(c, 15.5), [lon + size / 2, lat + size / 2] as LngLat);
    await mapIdle(page);
    await page.getByTestId('tool-draw-parcel').click();
    await drawPolygon(page, [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]);
    await page.getByTestId('attribute-form').waitFor();
    await page.getByTestId('field-landUse').fill('100101');
    await page.getByTestId('field-netLand').check();
    await page.getByTestId('field-revenue').fill('20000000');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/batch') && r.status() === 200), page.getByTestId('attribute-save').click()]);

    await page.getByTestId('tab-report').click();
    await expect.poll(() => cq5.getAttribute('data-status'), { timeout: 15_000 }).toBe('fail');
    await expect.poll(() => caidian.getAttribute('data-status'), { timeout: 15_000 }).toBe('warn');

    // the new parcel is selected: what it contributes, and the status it flips
    const contributions = page.getByTestId('contributions');
    await contributions.waitFor();
    const drawn = (await layer('parcels')).find((f) => f.id.startsWith('P-new'));
    expect(drawn).toBeDefined();
    expect(await contributions.getAttribute('data-parcel')).toBe(drawn?.id);
    const net = contributions.locator('[data-testid="contribution-W21-3"][data-scope="d-caidian"]');
    await net.waitFor({ timeout: 15_000 });
    expect(await net.getAttribute('data-status')).toBe('warn');
    expect(await net.getAttribute('data-status-without')).toBe('pass');
    expect(await net.textContent()).toMatch(/\+0\.2\d 平方公里/);
    await page.screenshot({ path: join(SHOTS, 'drawn-parcel-contributions.png') });

    await page.locator('.brand-name').click(); // out of any field, so Delete is the editor's
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await layer('parcels')).some((f) => f.id === drawn?.id), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => cq5.getAttribute('data-status'), { timeout: 15_000 }).toBe('pass');
    await expect.poll(() => caidian.getAttribute('data-status'), { timeout: 15_000 }).toBe('pass');
    await expect.poll(() => contributions.count()).toBe(0);
  });

  it('selecting a parcel shows what it contributes to each rule', async () => {
    for (const pack of ['chongqing-2021', 'wuhan-2021']) await page.getByTestId(`pack-${pack}`).uncheck();
    const w2 = card(page, 'W25-2');
    await w2.locator('.card-toggle').click();
    const parcelRow = w2.getByTestId('breakdown-parcel').locator('.breakdown-row').first();
    await parcelRow.waitFor({ timeout: 15_000 });
    const id = await parcelRow.getAttribute('data-key');
    await parcelRow.click();
    const contributions = page.getByTestId('contributions');
    await expect.poll(() => contributions.getAttribute('data-parcel')).toBe(id);
    const w2row = contributions.getByTestId('contribution-W25-2');
    await w2row.waitFor({ timeout: 15_000 });
    expect(await w2row.textContent()).toMatch(/个百分点/);
    await expect.poll(() => markedFocus(page)).toEqual([id]);
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'parcel-contributions.png') });
  });

  it('speaks English when the language is switched', async () => {
    await page.getByTestId('lang-switch').click();
    const w1 = card(page, 'W25-1');
    await expect.poll(() => w1.locator('.card-head .status').textContent(), { timeout: REPORT_TIMEOUT }).toBe('fail');
    expect(await w1.textContent()).toContain('367.00 km²');
    expect(await w1.textContent()).toContain('Value');
    // the clause stays in Chinese, as the source says it
    expect(await w1.locator('.card-clause').textContent()).toContain('全市现状工业用地总规模');
    expect(await page.getByTestId('pack-summary-wuhan-2025').textContent()).toMatch(/^\d+ pass, \d+ warning, \d+ fail, \d+ n\/a$/);
    expect(await card(page, 'W25-5').textContent()).toContain('100 parks');
    await expect.poll(() => page.getByTestId('contributions').locator('h3').textContent()).toContain('What this parcel contributes');
    await page.screenshot({ path: join(SHOTS, 'dashboard-en.png') });
    await page.getByTestId('lang-switch').click();
  });

  it('raised no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
