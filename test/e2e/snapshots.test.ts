// Snapshots end to end, as a planner uses them in real Chromium against the real server:
// save a snapshot, choose it as the baseline, draw a parcel and delete another; the panel's
// comparison says 1 added and 1 removed with the server's ids and area change, the map marks
// them (the removed one drawn from the snapshot), and CQ-3 is evaluated against the baseline.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature, ReportResponse, SnapshotComparison } from '../../src/api/types';
import { geometryArea } from '../../src/domain/geometry/area';
import { CHROMIUM, HAS_CHROMIUM, login, mapIdle, screenPoint, startSession, type RunningApp, type Session } from './harness';

const HOOK_TIMEOUT = 240_000;
const PROJECT = 'wuhan-demo';
/** Screenshots for a person to look at (not compared). */
const SHOTS = process.env.PARKATLAS_SHOTS ?? '/tmp/parkatlas-snapshot-shots';
type LngLat = [number, number];

async function apiSession(origin: string, username: string) {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `parkatlas-${username}` }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const get = async <T,>(path: string): Promise<T> => (await (await fetch(`${origin}/api/${path}`, { headers: { cookie } })).json()) as T;
  return {
    parcels: async (): Promise<ApiFeature[]> => (await get<{ features: ApiFeature[] }>(`projects/${PROJECT}/layers/parcels/features`)).features,
    compare: (sid: string): Promise<SnapshotComparison> => get(`projects/${PROJECT}/snapshots/${sid}/compare`),
    report: (query: string): Promise<ReportResponse> => get(`projects/${PROJECT}/report?${query}`),
  };
}

async function drawPolygon(page: Page, corners: LngLat[]): Promise<void> {
  const points = [];
  for (const corner of corners) points.push(await screenPoint(page, corner));
  await page.mouse.click(points[0].x, points[0].y);
  for (const p of points.slice(1)) {
    await page.mouse.move(p.x, p.y, { steps: 3 });
    await page.mouse.click(p.x, p.y);
  }
  await page.mouse.move(points[0].x, points[0].y, { steps: 3 });
  await page.mouse.click(points[0].x, points[0].y);
}

const centre = (p: Polygon): LngLat => {
  const ring = p.coordinates[0].slice(0, -1);
  return [ring.reduce((s, q) => s + q[0], 0) / ring.length, ring.reduce((s, q) => s + q[1], 0) / ring.length];
};

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'snapshots in Chromium' : `snapshots in Chromium: SKIPPED, ${CHROMIUM} is missing`, () => {
  let session: Session | undefined;
  let app: RunningApp;
  let page: Page;
  let api: Awaited<ReturnType<typeof apiSession>>;
  let snapshotId = '';
  let west: LngLat = [0, 0];
  let victim: ApiFeature;

  const jump = async (at: LngLat, zoom = 17): Promise<void> => {
    await page.evaluate(([c, z]) => window.__parkatlasMap?.jumpTo(c as [number, number], z as number), [at, zoom] as const);
    await mapIdle(page);
  };
  const openSnapshots = async (): Promise<void> => {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-section-snapshots').click();
    await page.getByTestId('snapshot-panel').waitFor();
  };
  /** Opens a <details> list (whatever state it was left in). */
  const expand = (testId: string): Promise<void> => page.getByTestId(testId).evaluate((el) => void ((el as HTMLDetailsElement).open = true));
  const marked = (kind: string): Promise<string[]> => page.evaluate((k) => window.__parkatlasMap?.markedIds(k as 'added') ?? [], kind);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startSession();
    app = session.app;
    page = session.browser.page;
    api = await apiSession(app.origin, 'admin');
    const parcels = await api.parcels();
    for (const f of parcels)
      for (const p of f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : []) if (west[0] === 0 || p[0] < west[0]) west = [p[0], p[1]];
    // An existing industrial parcel (CQ-3 counts it), a simple polygon to click in.
    victim = parcels.find((f) => f.properties.landUse === '100101' && f.properties.status === 'producing' && f.geometry.type === 'Polygon' && f.geometry.coordinates.length === 1) as ApiFeature;
    try {
      await login(page, app.origin);
    } catch (e) {
      // Say why the app did not come up (a script error in the page, usually).
      throw new Error(`${String(e)}\npage errors: ${session.browser.pageErrors.join('\n') || 'none'}`, { cause: e });
    }
  }, HOOK_TIMEOUT);

  afterAll(() => session?.stop(), HOOK_TIMEOUT);

  it('saves a snapshot with a name and chooses it as the baseline', async () => {
    await openSnapshots();
    expect(await page.getByTestId('snapshot-cq3').textContent()).toContain('CQ-3');
    await page.getByTestId('snapshot-save').click();
    expect(await page.getByTestId('snapshot-note').textContent()).toContain('请填写快照名称');
    await page.getByTestId('snapshot-name').fill('2026 基准');
    await page.getByTestId('snapshot-save').click();
    const row = page.getByTestId('snapshot-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('2026 基准');
    expect(await row.textContent()).toContain('planner');
    expect(await page.getByTestId('snapshot-note').textContent()).toMatch(/已保存快照“2026 基准”（21,028 个要素）/);
    snapshotId = (await row.getAttribute('data-id')) ?? '';
    await page.getByTestId(`snapshot-choose-${snapshotId}`).click();
    // Nothing changed yet.
    const parcels = page.getByTestId('compare-layer-parcels');
    await parcels.waitFor({ timeout: 30_000 });
    expect(await parcels.getAttribute('data-change-m2')).toBe('0');
    expect(await page.getByTestId('snapshot-compare').textContent()).toContain('与基准相比没有变化');
    expect(await page.getByTestId('compare-added-parcels').count()).toBe(0);
    expect(await page.getByTestId('snapshot-baseline').textContent()).toContain('2026 基准');
    await page.screenshot({ path: join(SHOTS, 'baseline-chosen.png') });
  });

  it('shows a drawn and a deleted parcel as 1 added and 1 removed, as the server compares them', async () => {
    // Draw an industrial parcel on open land west of the city.
    const [lon, lat] = [west[0] - 0.004, west[1]];
    await jump([lon + 0.001, lat + 0.0007], 16);
    await page.getByTestId('tool-draw-parcel').click();
    await drawPolygon(page, [[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.0015], [lon, lat + 0.0015]]);
    await page.getByTestId('attribute-form').waitFor();
    await page.getByTestId('field-landUse').fill('100101');
    await page.getByTestId('field-status').selectOption('producing');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/batch') && r.status() === 200), page.getByTestId('attribute-save').click()]);
    const drawn = (await api.parcels()).find((f) => f.id.startsWith('P-new')) as ApiFeature;
    expect(drawn.properties).toMatchObject({ landUse: '100101', status: 'producing' });

    // Select a demo parcel with a click and delete it with the Delete key.
    await jump(centre(victim.geometry as Polygon), 17);
    await page.getByTestId('tool-select').click();
    const at = await screenPoint(page, centre(victim.geometry as Polygon));
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('.popup-id').textContent()).toBe(victim.id);
    await page.locator('.brand-name').click(); // out of any field, so Delete is the editor's
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await api.parcels()).some((f) => f.id === victim.id), { timeout: 15_000 }).toBe(false);

    const server = await api.compare(snapshotId);
    expect(server.layers.parcels).toMatchObject({ added: [drawn.id], removed: [victim.id], changed: [] });
    expect(server.layers.parcels.areaChangeM2).toBeCloseTo(geometryArea(drawn.geometry) - geometryArea(victim.geometry), 3);

    await openSnapshots();
    const added = page.getByTestId('compare-added-parcels');
    const removed = page.getByTestId('compare-removed-parcels');
    await expect.poll(() => added.getAttribute('data-count'), { timeout: 30_000 }).toBe('1');
    expect(await added.getAttribute('data-ids')).toBe(drawn.id);
    expect(await removed.getAttribute('data-count')).toBe('1');
    expect(await removed.getAttribute('data-ids')).toBe(victim.id);
    expect(await page.getByTestId('compare-changed-parcels').getAttribute('data-count')).toBe('0');
    const row = page.getByTestId('compare-layer-parcels');
    expect(Number(await row.getAttribute('data-change-m2'))).toBeCloseTo(server.layers.parcels.areaChangeM2, 6);
    const change = server.layers.parcels.areaChangeM2;
    const ha = (Math.abs(change) / 1e4).toFixed(2);
    expect(await page.getByTestId('compare-change-parcels').textContent()).toContain(`${change < 0 ? '−' : '+'}${ha} 公顷`);
    // The drawn parcel's land use gained what it has, the deleted one's lost what it had.
    const industrial = page.getByTestId('compare-land-use-100101');
    const perCode = server.parcelAreaByLandUse.find((r) => r.code === '100101');
    expect(Number(await industrial.getAttribute('data-change-m2'))).toBeCloseTo(perCode?.changeM2 ?? NaN, 6);
    expect(await industrial.textContent()).toContain('一类工业用地');

    // Expanded lists; a click on the added id selects it on the map.
    await expand('compare-added-parcels');
    await expand('compare-removed-parcels');
    await page.getByTestId('compare-layers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'comparison-totals.png') });
    await page.getByTestId('compare-land-use').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'comparison-land-use.png') });
    await page.getByTestId('compare-parks').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'comparison-parks.png') });
    // A click on the added id selects it on the map.
    await page.getByTestId(`compare-id-${drawn.id}`).click();
    await page.getByTestId('tab-report').click();
  });

  it('marks the changes on the map, the removed parcel drawn from the snapshot', async () => {
    await openSnapshots();
    const parcels = await api.parcels();
    const drawn = parcels.find((f) => f.id.startsWith('P-new')) as ApiFeature;
    await page.getByTestId('snapshot-show-on-map').check();
    await expect.poll(() => marked('added'), { timeout: 15_000 }).toEqual([drawn.id]);
    await expect.poll(() => marked('removed'), { timeout: 30_000 }).toEqual([victim.id]);
    expect(await marked('changed')).toEqual([]);
    // Framing the removed parcel (it can't be selected any more).
    await expand('compare-removed-parcels');
    await page.getByTestId(`compare-id-${victim.id}`).click();
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'removed-ghost.png') });
    await jump(centre(drawn.geometry as Polygon), 16);
    await page.screenshot({ path: join(SHOTS, 'added-mark.png') });
    // Off: the marks go.
    await page.getByTestId('snapshot-show-on-map').uncheck();
    await expect.poll(() => marked('added')).toEqual([]);
    expect(await marked('removed')).toEqual([]);
  });

  it('evaluates CQ-3 against the chosen baseline', async () => {
    const expected = await api.report(`policy=chongqing-2021&baseline=${snapshotId}`);
    const cq3 = expected.rules.find((r) => r.id === 'CQ-3');
    const compare = await api.compare(snapshotId);
    expect(cq3?.value).toBeCloseTo((compare.industrialAreaNowM2 - compare.industrialAreaBaselineM2) / 1e6, 9);
    expect(cq3?.status).toBe('fail'); // the deleted parcel is larger than the drawn one
    expect((await api.report('policy=chongqing-2021')).rules.find((r) => r.id === 'CQ-3')?.status).toBe('n/a');

    // The dashboard's card, computed by the report worker against the same baseline.
    await page.getByTestId('report-section-dashboard').click();
    await page.getByTestId('pack-chooser').waitFor({ timeout: 60_000 });
    try {
      await page.getByTestId('pack-chongqing-2021').check({ timeout: 60_000 });
    } catch (e) {
      throw new Error(`${String(e)}\npage errors: ${session?.browser.pageErrors.join('\n') || 'none'}`, { cause: e });
    }
    const card = page.getByTestId('rule-CQ-3');
    await card.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 30_000 }).toBe(cq3?.status);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'cq3-card.png') });
  });
});
