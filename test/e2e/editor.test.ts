// The map editor end to end, as a planner uses it: draw with the mouse in real Chromium
// against the real server (PGlite + PostGIS), then check what the server stored.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../src/api/types';
import { geometryArea } from '../../src/domain/geometry/area';
import { CHROMIUM, HAS_CHROMIUM, login, mapIdle, openBrowser, screenPoint, startSession, type Browser, type RunningApp, type Session } from './harness';

const HOOK_TIMEOUT = 240_000;
const GDAL = new URL('../fixtures/gdal/', import.meta.url).pathname;
const ROOT_DIR = new URL('../..', import.meta.url).pathname;
/** Screenshots for a person to look at (not compared): PARKATLAS_SHOTS or the temp folder. */
const SHOTS = process.env.PARKATLAS_SHOTS ?? mkdtempSync(join(tmpdir(), 'parkatlas-shots-'));
const PROJECT = 'wuhan-demo';

/** A session of the API from the test itself (another user editing at the same time). */
async function apiSession(origin: string, username: string) {
  const login = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `parkatlas-${username}` }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return {
    layer: async (layer: string, project = PROJECT): Promise<ApiFeature[]> => ((await (await fetch(`${origin}/api/projects/${project}/layers/${layer}/features`, { headers })).json()) as { features: ApiFeature[] }).features,
    /** a new project (as admin) with `member` as its planner; its id */
    createProject: async (name: string, member: string): Promise<string> => {
      const created = (await (await fetch(`${origin}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name }) })).json()) as { id: string };
      const added = await fetch(`${origin}/api/projects/${created.id}/members`, { method: 'POST', headers, body: JSON.stringify({ username: member, role: 'planner' }) });
      expect(added.status).toBe(200);
      return created.id;
    },
    /** any GET of the API, as JSON */
    get: async <T>(path: string): Promise<T> => (await (await fetch(`${origin}/api/${path}`, { headers })).json()) as T,
    parcels: async (): Promise<ApiFeature[]> => ((await (await fetch(`${origin}/api/projects/${PROJECT}/layers/parcels/features`, { headers })).json()) as { features: ApiFeature[] }).features,
    update: async (feature: ApiFeature, properties: Record<string, unknown>) => {
      const response = await fetch(`${origin}/api/projects/${PROJECT}/layers/parcels/features/${feature.id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ version: feature.version, feature: { type: 'Feature', properties: { ...feature.properties, ...properties }, geometry: feature.geometry } }),
      });
      expect(response.status).toBe(200);
    },
  };
}

type Api = Awaited<ReturnType<typeof apiSession>>;
type LngLat = [number, number];

/**
 * Clicks the corners of a polygon, then its first vertex again to finish it. `beforeClosing`
 * runs with the pointer on the first vertex, the sketch complete but not yet finished.
 */
async function drawPolygon(page: Page, corners: LngLat[], firstClickOffset = { x: 0, y: 0 }, beforeClosing?: () => Promise<void>): Promise<void> {
  const points = [];
  for (const corner of corners) points.push(await screenPoint(page, corner));
  await page.mouse.click(points[0].x + firstClickOffset.x, points[0].y + firstClickOffset.y);
  for (const p of points.slice(1)) {
    await page.mouse.move(p.x, p.y, { steps: 3 });
    await page.mouse.click(p.x, p.y);
  }
  await page.mouse.move(points[0].x, points[0].y, { steps: 3 });
  await beforeClosing?.();
  await page.mouse.click(points[0].x, points[0].y);
}

async function clickAt(page: Page, at: LngLat, shift = false): Promise<void> {
  const p = await screenPoint(page, at);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.click(p.x, p.y);
  if (shift) await page.keyboard.up('Shift');
}

const square = ([lon, lat]: LngLat, dLon = 0.0007, dLat = 0.0005): LngLat[] => [[lon, lat], [lon + dLon, lat], [lon + dLon, lat + dLat], [lon, lat + dLat]];

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'map editor in Chromium' : `map editor in Chromium: SKIPPED, ${CHROMIUM} is missing`, () => {
  let session: Session | undefined;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let api: Api;
  /** the westernmost demo parcel's westernmost vertex: open land lies west of it */
  let west: LngLat = [0, 0];
  let westParcel = '';
  /** the parcel drawn by the first test, and its area */
  let drawnId = '';
  let drawnArea = 0;

  const newParcels = async () => (await api.parcels()).filter((f) => f.id.startsWith('P-new'));
  const spot = (i: number): LngLat => [west[0] - 0.004 * (i + 1), west[1]];
  const show = async (center: LngLat) => {
    await page.evaluate((c) => window.__parkatlasMap?.jumpTo(c, 17), center);
    await mapIdle(page);
  };

  beforeAll(async () => {
    session = await startSession();
    ({ app, browser } = session);
    api = await apiSession(app.origin, 'admin');
    for (const f of await api.parcels()) {
      for (const p of f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : []) {
        if (westParcel === '' || p[0] < west[0]) [west, westParcel] = [[p[0], p[1]], f.id];
      }
    }
    page = browser.page;
    await login(page, app.origin);
  }, HOOK_TIMEOUT);

  afterAll(() => session?.stop(), HOOK_TIMEOUT);

  it('opens on the demo city in Chinese, with the map and the drawing tools', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    for (const id of ['map', 'tool-draw-parcel', 'tool-draw-park', 'tool-draw-zone']) expect(await page.getByTestId(id).count()).toBe(1);
    expect(await page.getByTestId('tool-draw-parcel').getAttribute('title')).toContain('快捷键 P');
  });

  it('draws a parcel with the mouse, tags it, and finds it saved after a reload', async () => {
    const corners = square(spot(0));
    await show(corners[0]);
    await page.getByTestId('tool-draw-parcel').click();
    let liveArea = '';
    await drawPolygon(page, corners, undefined, async () => {
      liveArea = (await page.getByTestId('live-area').textContent()) ?? '';
      await page.screenshot({ path: join(SHOTS, 'drawing.png') });
    });
    // The area shows while drawing: the four corners and the pointer on the first of them.
    expect(liveArea).toMatch(/面积 [\d,.]+ 平方米 · [\d,.]+ 亩 · [\d,.]+ 公顷/);
    // Saved at once as a parcel, and the form opens on it.
    await page.getByTestId('attribute-form').waitFor();
    const [created] = await newParcels();
    expect(created.properties.landUse).toBe('1001');
    expect(created.geometry.coordinates[0]).toHaveLength(5);
    drawnId = created.id;
    drawnArea = geometryArea(created.geometry);
    expect(drawnArea).toBeGreaterThan(3000);
    expect(liveArea).toContain(Math.round(drawnArea).toLocaleString('en-US').slice(0, 3));
    await page.screenshot({ path: join(SHOTS, 'drawn-parcel-form.png') });
    expect(await page.getByTestId('popup-area-m2').textContent()).toContain(drawnArea.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }));

    await page.getByTestId('field-name').fill('测试地块甲');
    await page.getByTestId('field-status').selectOption('planned');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/batch') && r.status() === 200), page.getByTestId('attribute-save').click()]);

    await page.reload();
    await mapIdle(page);
    const stored = (await api.parcels()).find((f) => f.id === drawnId);
    expect(stored?.properties).toMatchObject({ name: '测试地块甲', status: 'planned', landUse: '1001' });
    await show(spot(0));
    await clickAt(page, [spot(0)[0] + 0.00035, spot(0)[1] + 0.00025]);
    expect(await page.getByTestId('map-popup').textContent()).toContain('测试地块甲');
  });

  it('snaps a new parcel to a neighbour’s vertex: the shared coordinates are equal', async () => {
    await show(west);
    await page.getByTestId('tool-draw-parcel').click();
    // the first click lands 3 px off the neighbour's vertex
    await drawPolygon(page, [west, [west[0] - 0.0006, west[1]], [west[0] - 0.0006, west[1] - 0.0004], [west[0] - 0.0001, west[1] - 0.0004]], { x: 3, y: -2 });
    await page.getByTestId('attribute-form').waitFor();
    const snapped = (await newParcels()).find((f) => f.id !== drawnId);
    expect(snapped).toBeDefined();
    expect(snapped?.geometry.coordinates[0]).toContainEqual(west);
  });

  it('splits a parcel with a line and merges it back: areas add up within 1e-9', async () => {
    const [lon, lat] = spot(0);
    await show([lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-select').click();
    await clickAt(page, [lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-split').click();
    const from = await screenPoint(page, [lon + 0.0002, lat - 0.0002]);
    const to = await screenPoint(page, [lon + 0.0005, lat + 0.0007]);
    await page.mouse.click(from.x, from.y);
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.click(to.x, to.y);
    await page.mouse.click(to.x, to.y); // a click on the last point ends the line
    await expect.poll(async () => (await newParcels()).filter((f) => f.properties.name === '测试地块甲').length, { timeout: 15_000 }).toBe(2);
    const parts = (await newParcels()).filter((f) => f.properties.name === '测试地块甲');
    const sum = parts.reduce((s, f) => s + geometryArea(f.geometry), 0);
    expect(Math.abs(sum - drawnArea) / drawnArea).toBeLessThan(1e-9);

    // Merge: select both (click, shift-click) and merge.
    await page.getByTestId('tool-select').click();
    await clickAt(page, [lon + 0.00005, lat + 0.00045]);
    await clickAt(page, [lon + 0.00065, lat + 0.00005], true);
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toContain('2');
    await page.getByTestId('action-merge').click();
    await expect.poll(async () => (await newParcels()).filter((f) => f.properties.name === '测试地块甲').length, { timeout: 15_000 }).toBe(1);
    const [merged] = (await newParcels()).filter((f) => f.properties.name === '测试地块甲');
    expect(Math.abs(geometryArea(merged.geometry) - drawnArea) / drawnArea).toBeLessThan(1e-9);
  });

  it('undoes and redoes through the server (Ctrl+Z, Ctrl+Shift+Z)', async () => {
    const named = async () => (await newParcels()).filter((f) => f.properties.name === '测试地块甲').length;
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus out of any input
    await page.keyboard.press('Control+z'); // un-merge
    await expect.poll(named, { timeout: 15_000 }).toBe(2);
    await page.keyboard.press('Control+z'); // un-split
    await expect.poll(named, { timeout: 15_000 }).toBe(1);
    const restored = (await newParcels()).find((f) => f.id === drawnId);
    expect(restored && geometryArea(restored.geometry)).toBe(drawnArea);
    await page.keyboard.press('Control+Shift+z'); // re-split
    await expect.poll(named, { timeout: 15_000 }).toBe(2);
    await page.getByTestId('action-redo').click(); // re-merge
    await expect.poll(named, { timeout: 15_000 }).toBe(1);
  });

  it('refuses a self-intersecting drawing and says where', async () => {
    const before = (await newParcels()).length;
    const [lon, lat] = spot(2);
    await show([lon + 0.0003, lat + 0.0003]);
    await page.getByTestId('tool-draw-parcel').click();
    // a bow tie: the second and fourth edges cross
    await drawPolygon(page, [[lon, lat], [lon + 0.0006, lat + 0.0006], [lon + 0.0006, lat], [lon, lat + 0.0006]]);
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/自相交|相交/);
    expect(await notice.textContent()).toMatch(/114|113/); // the position of the crossing
    expect((await newParcels()).length).toBe(before);
  });

  it('shows what changed on the server when an edit conflicts, and reloads or re-applies', async () => {
    const [lon, lat] = spot(0);
    await show([lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-select').click();
    await clickAt(page, [lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tab-attributes').click();
    await page.getByTestId('attribute-form').waitFor();
    // Someone else renames it meanwhile.
    const current = (await newParcels()).find((f) => f.properties.name === '测试地块甲') as ApiFeature;
    await api.update(current, { name: '他人改名' });

    await page.getByTestId('field-projectName').fill('我的项目');
    await page.getByTestId('attribute-save').click();
    const dialog = page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-field-name').textContent()).toContain('他人改名');
    await page.screenshot({ path: join(SHOTS, 'conflict.png') });
    await page.getByTestId('conflict-reapply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await api.parcels()).find((f) => f.id === current.id)?.properties, { timeout: 15_000 })
      .toMatchObject({ name: '他人改名', projectName: '我的项目' });
  });

  it('reshapes a parcel by dragging a vertex; undo puts back the exact coordinates', async () => {
    const [lon, lat] = spot(0);
    const before = (await api.parcels()).find((f) => f.properties.name === '他人改名') as ApiFeature;
    const ring = (before.geometry as Polygon).coordinates[0];
    // the north-east corner, dragged further north-east: the parcel grows
    const ne = ring.reduce((best, p) => (p[0] + p[1] > best[0] + best[1] ? p : best));
    await show([lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-select').click();
    await clickAt(page, [lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-reshape').click();
    const corner = await screenPoint(page, ne as LngLat);
    await page.mouse.move(corner.x, corner.y, { steps: 2 });
    await page.mouse.down();
    await page.mouse.move(corner.x + 30, corner.y - 20, { steps: 8 });
    const written = page.waitForResponse((r) => r.url().endsWith('/batch') && r.status() === 200);
    await page.mouse.up();
    await written;
    const after = (await api.parcels()).find((f) => f.id === before.id) as ApiFeature;
    const moved = (after.geometry as Polygon).coordinates[0];
    expect(geometryArea(after.geometry)).toBeGreaterThan(geometryArea(before.geometry));
    // only the dragged vertex moved; the others are exactly as stored
    const unchanged = ring.filter((p) => moved.some((q) => q[0] === p[0] && q[1] === p[1]));
    expect(unchanged.length).toBeGreaterThanOrEqual(ring.length - 1);
    await page.getByTestId('action-undo').click();
    await expect.poll(async () => (await api.parcels()).find((f) => f.id === before.id)?.geometry, { timeout: 15_000 }).toEqual(before.geometry);
    await page.getByTestId('tool-select').click();
  });

  it('cuts a hole: the area drops by exactly the hole’s', async () => {
    const [lon, lat] = spot(0);
    const target = (await api.parcels()).find((f) => f.properties.name === '他人改名') as ApiFeature;
    const outer = geometryArea(target.geometry);
    await show([lon + 0.00035, lat + 0.00025]);
    await clickAt(page, [lon + 0.00035, lat + 0.00025]);
    await page.getByTestId('tool-hole').click();
    const hole: LngLat[] = [[lon + 0.0002, lat + 0.0001], [lon + 0.0004, lat + 0.0001], [lon + 0.0004, lat + 0.0003], [lon + 0.0002, lat + 0.0003]];
    await drawPolygon(page, hole);
    await expect.poll(async () => ((await api.parcels()).find((f) => f.id === target.id)?.geometry as Polygon).coordinates.length, { timeout: 15_000 }).toBe(2);
    const cut = (await api.parcels()).find((f) => f.id === target.id) as ApiFeature;
    const holeArea = geometryArea({ type: 'Polygon', coordinates: [(cut.geometry as Polygon).coordinates[1]] });
    expect(Math.abs(geometryArea(cut.geometry) - (outer - holeArea)) / outer).toBeLessThan(1e-9);
    expect(holeArea).toBeGreaterThan(100);
    await page.getByTestId('tool-select').click();
  });

  it('draws a park of the chosen tier and an industrial block', async () => {
    const [lon, lat] = spot(3);
    await show([lon + 0.0005, lat + 0.0003]);
    await page.getByTestId('draw-tier').selectOption('specialty');
    await page.getByTestId('tool-draw-park').click();
    await drawPolygon(page, square([lon, lat], 0.001, 0.0006));
    await page.getByTestId('attribute-form').waitFor();
    const parks = await api.layer('parks');
    const park = parks.find((f) => f.id.startsWith('pk-new'));
    expect(park?.properties).toMatchObject({ tier: 'specialty' });
    expect(String(park?.properties.name)).toMatch(/^新园区/);

    await page.getByTestId('tool-draw-zone').click();
    await drawPolygon(page, square([lon - 0.0002, lat - 0.0002], 0.0014, 0.001));
    await expect.poll(async () => (await api.layer('zones')).filter((f) => f.id.startsWith('z-new')).length, { timeout: 15_000 }).toBe(1);
  });

  it('selects by box and edits the selection in bulk; one undo takes it all back', async () => {
    await show([114.42, 30.48]);
    await page.getByTestId('tool-select').click();
    const box = await page.getByTestId('map').boundingBox();
    if (!box) throw new Error('no map');
    const [x0, y0] = [box.x + box.width / 2 - 120, box.y + box.height / 2 - 80];
    await page.keyboard.down('Shift');
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 240, y0 + 160, { steps: 10 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const count = Number((await page.getByTestId('selection-count').textContent())?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThan(2);
    const before = new Map((await api.parcels()).map((f) => [f.id, f.properties.status]));
    await page.getByTestId('tab-attributes').click();
    await page.getByTestId('field-status').selectOption('idle');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/batch') && r.status() === 200), page.getByTestId('attribute-save').click()]);
    const { results } = (await response.json()) as { results: ApiFeature[] };
    expect(results).toHaveLength(count);
    for (const f of results) expect(f.properties.status).toBe('idle');
    await page.screenshot({ path: join(SHOTS, 'bulk-edit.png') });
    await page.locator('.brand-name').click(); // focus out of the form, so Ctrl+Z is the editor's
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => {
        const now = new Map((await api.parcels()).map((f) => [f.id, f.properties.status]));
        return results.every((f) => now.get(f.id) === before.get(f.id));
      }, { timeout: 15_000 })
      .toBe(true);
  });

  it('validates attributes as you type', async () => {
    const [lon, lat] = spot(0);
    await show([lon + 0.0001, lat + 0.0001]);
    await clickAt(page, [lon + 0.0001, lat + 0.0001]);
    await page.getByTestId('tab-attributes').click();
    await page.getByTestId('field-far').fill('-1');
    await page.getByTestId('field-error-far').waitFor();
    expect(await page.getByTestId('attribute-save').isDisabled()).toBe(true);
    await page.getByTestId('field-far').fill('1.5');
    await page.getByTestId('field-error-far').waitFor({ state: 'detached' });
    await page.getByTestId('attribute-cancel').click();
  });

  it('filters the attribute table and zooms to a parcel', async () => {
    await page.getByTestId('action-table').click();
    await page.getByTestId('table-filter').fill('他人改名');
    await expect.poll(() => page.getByTestId('table-count').textContent()).toMatch(/^\D*1\D/);
    const row = page.locator('[data-testid^="table-row-"]').first();
    const id = (await row.getAttribute('data-testid'))?.replace('table-row-', '') ?? '';
    await page.getByTestId(`table-zoom-${id}`).click();
    await mapIdle(page);
    expect(await page.evaluate((fid) => window.__parkatlasMap?.renderedIds('parcels').includes(fid), id)).toBe(true);
    await page.getByTestId('action-table').click();
  });

  it('lets a reviewer look but not edit', async () => {
    const reviewer = await openBrowser();
    try {
      await login(reviewer.page, app.origin, 'reviewer');
      for (const tool of ['tool-draw-parcel', 'tool-draw-park', 'tool-draw-zone', 'tool-reshape', 'tool-split', 'tool-hole']) {
        expect(await reviewer.page.getByTestId(tool).isDisabled()).toBe(true);
      }
      expect(await reviewer.page.getByTestId('tool-select').isDisabled()).toBe(false);
      expect(reviewer.pageErrors).toEqual([]);
    } finally {
      await reviewer.close();
    }
  });

  it('keeps district boundaries read-only: Delete on a selected district is refused and changes nothing', async () => {
    const before = await api.layer('districts');
    await show(spot(8)); // open land far west of every parcel: only a district is under the pointer
    await clickAt(page, spot(8));
    await page.getByTestId('map-popup').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(async () => page.getByTestId('notice').textContent()).toContain('行政区边界为只读');
    const after = await api.layer('districts');
    expect(after.map((d) => [d.id, d.version])).toEqual(before.map((d) => [d.id, d.version]));
    await page.keyboard.press('Escape');
  });

  it('refuses an import that overlaps the project’s parcels, and writes nothing', async () => {
    const before = (await api.parcels()).length;
    await page.getByTestId('action-import').click();
    await page.getByTestId('import-file').setInputFiles(join(GDAL, 'parcels-4547.gpkg'));
    await expect.poll(() => page.getByTestId('import-detected').textContent(), { timeout: 30_000 }).toContain('EPSG:4547');
    expect(await page.getByTestId('import-preview').textContent()).toContain('沌口地块');
    await page.getByTestId('import-run').click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.textContent()).toMatch(/重叠|overlaps/);
    await page.screenshot({ path: join(SHOTS, 'import-refused.png') });
    expect((await api.parcels()).length).toBe(before);
    await page.getByTestId('import-close').click();
  });

  it('imports a GBK shapefile without .cpg into an empty project: Chinese intact, areas as the source', async () => {
    const project = await api.createProject('导入测试项目', 'planner');
    await page.reload();
    await mapIdle(page);
    await page.getByTestId('project-select').selectOption(project);
    await mapIdle(page);
    await page.getByTestId('action-import').click();
    await page.getByTestId('import-file').setInputFiles(join(GDAL, 'parcels-4526-gbk-nocpg.zip'));
    await expect.poll(() => page.getByTestId('import-detected').textContent(), { timeout: 30_000 }).toContain('EPSG:4526');
    expect(await page.getByTestId('import-facts').textContent()).toContain('gb18030');
    expect(await page.getByTestId('import-preview').textContent()).toContain('沌口地块');
    await page.screenshot({ path: join(SHOTS, 'import-preview.png') });
    // GDAL's file has no status field: the whole layer is taken as existing, and that is recorded
    expect(await page.getByTestId('import-status-note').textContent()).toContain('无法计算');
    await page.getByTestId('import-status-default').selectOption('existing');
    expect(await page.getByTestId('import-status-note').textContent()).toContain('statusAssumed = producing');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-done').textContent()).toContain('210');
    expect(await page.getByTestId('import-done').textContent()).toContain('210 个地块原无状态，已按“投产”计');
    const stored = await api.layer('parcels', project);
    expect(stored).toHaveLength(210);
    expect(stored.every((f) => f.properties.status === 'producing' && f.properties.statusAssumed === 'producing')).toBe(true);
    const history = await api.get<Array<{ comment: string | null }>>(`projects/${project}/features/${encodeURIComponent(stored[0].id)}/history`);
    expect(history[0].comment).toContain('given status producing (statusAssumed)');
    const report = await api.get<{ assumptions?: Array<{ parcels: number; text: string }>; rules: Array<{ id: string; value: number | null }> }>(`projects/${project}/report?policy=wuhan-2025`);
    expect(report.assumptions?.[0]).toMatchObject({ parcels: 210 });
    expect(report.rules.find((r) => r.id === 'W25-1')?.value).toBeGreaterThan(0);
    const source = JSON.parse(readFileSync(join(GDAL, 'parcels-wgs84.geojson'), 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: Polygon }> };
    for (const f of source.features) {
      const got = stored.find((g) => g.id === f.properties.DKBH);
      expect(got?.properties.DKMC).toBe(f.properties.DKMC);
      expect(Math.abs(geometryArea(got?.geometry as Polygon) - geometryArea(f.geometry)) / geometryArea(f.geometry)).toBeLessThan(1e-6);
    }
    await page.getByTestId('import-close').click();
    // the dashboard says it too, above the cards
    await page.getByTestId('tab-report').click();
    await expect.poll(() => page.getByTestId('pack-assumption-wuhan-2025').textContent(), { timeout: 60_000 }).toContain('210 个地块原无地块状态，按“投产”（producing）计');
    await page.getByTestId('tab-layers').click();
    // the map shows them
    const first = stored[0].geometry as Polygon;
    await show(first.coordinates[0][0] as LngLat);
    expect(await page.evaluate(() => window.__parkatlasMap?.renderedIds('parcels').length ?? 0)).toBeGreaterThan(0);
  });

  it('saves an import mapping by name and applies it to the next file; edits land-use values', async () => {
    await page.getByTestId('project-select').selectOption(PROJECT);
    await mapIdle(page);
    const openGpkg = async () => {
      await page.getByTestId('action-import').click();
      await page.getByTestId('import-file').setInputFiles(join(GDAL, 'parcels-4547.gpkg'));
      await expect.poll(() => page.getByTestId('import-detected').textContent(), { timeout: 30_000 }).toContain('EPSG:4547');
    };
    await openGpkg();
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('DKMC');
    await page.getByTestId('import-map-name').selectOption('DLMC');
    await expect.poll(() => page.getByTestId('import-preview').textContent(), { timeout: 10_000 }).toContain('物流仓储用地');
    await page.getByTestId('import-mapping-name').fill('沌口宗地');
    await page.getByTestId('import-save-mapping').click();
    await expect.poll(() => page.getByTestId('import-mapping-notice').textContent(), { timeout: 10_000 }).toContain('已保存“沌口宗地”');
    const stored = await page.evaluate(async (project) => (await (await fetch(`/api/projects/${project}/import-mappings`)).json()) as Array<{ name: string; layer: string; mapping: { fields: Record<string, string> } }>, PROJECT);
    expect(stored.find((m) => m.name === '沌口宗地')).toMatchObject({ layer: 'parcels', mapping: { fields: { id: 'DKBH', name: 'DLMC', landUse: 'DLBM' } } });
    await page.getByTestId('import-close').click();

    // The same file again starts from the suggestion; the saved mapping puts DLMC back.
    await openGpkg();
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('DKMC');
    const saved = page.getByTestId('import-saved-mapping');
    await expect.poll(() => saved.locator('option').allTextContents(), { timeout: 10_000 }).toContain('沌口宗地');
    await saved.selectOption('沌口宗地');
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('DLMC');
    expect(await page.getByTestId('import-map-landUse').inputValue()).toBe('DLBM');
    await expect.poll(() => page.getByTestId('import-preview').textContent(), { timeout: 10_000 }).toContain('物流仓储用地');

    // Land-use values: M1 (GB 50137) is translated, ZZ9 is unknown until the planner maps it.
    const parcel = (id: string, code: string, x: number) => ({ type: 'Feature', properties: { DKBH: id, DKMC: `地块${id}`, DLBM: code }, geometry: { type: 'Polygon', coordinates: [[[x, 30.5], [x + 0.001, 30.5], [x + 0.001, 30.501], [x, 30.501], [x, 30.5]]] } });
    const file = { type: 'FeatureCollection', features: [parcel('T-1', 'M1', 114.1), parcel('T-2', 'ZZ9', 114.11)] };
    await page.getByTestId('import-file').setInputFiles({ name: 'landuse.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    const unknown = page.getByTestId('import-landuse-ZZ9');
    await unknown.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-landuse-M1').inputValue()).toBe('100101');
    expect(await unknown.inputValue()).toBe('');
    const row = (input: typeof unknown) => input.locator('xpath=..').textContent();
    expect(await row(page.getByTestId('import-landuse-M1'))).toContain('一类工业用地');
    expect(await row(unknown)).toContain('未知代码');
    await unknown.fill('1001');
    await expect.poll(() => row(unknown)).toContain('工业用地');
    expect(await row(unknown)).not.toContain('未知代码');
    expect(await page.getByTestId('import-dialog').textContent()).not.toContain('不在分类表中');
    const previewRow = page.getByTestId('import-preview').locator('tr', { hasText: 'T-2' });
    await expect.poll(() => previewRow.textContent(), { timeout: 10_000 }).toContain('1001');
    expect(await previewRow.textContent()).not.toContain('ZZ9');
    await page.screenshot({ path: join(SHOTS, 'import-mapping.png') });
    await page.getByTestId('import-close').click();
  });

  it('repairs a bow tie on request and shows it before and after', async () => {
    const project = await api.createProject('修复测试', 'planner');
    const source = JSON.parse(readFileSync(join(GDAL, 'parcels-wgs84.geojson'), 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: Polygon }> };
    const bad = source.features[5];
    const [a, b, c, d] = bad.geometry.coordinates[0];
    bad.geometry.coordinates[0] = [a, c, b, d, a];
    const file = join(SHOTS, 'bow-tie.geojson');
    writeFileSync(file, JSON.stringify(source));
    await page.reload();
    await mapIdle(page);
    await page.getByTestId('project-select').selectOption(project);
    await mapIdle(page);
    await page.getByTestId('action-import').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-detected').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-problems').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-problems').textContent()).toContain(String(bad.properties.DKBH));
    expect((await api.layer('parcels', project)).length).toBe(0);
    await page.getByTestId('import-repair').check();
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    const shown = page.getByTestId(`import-repair-${String(bad.properties.DKBH)}`);
    expect(await shown.textContent()).toMatch(/拆分|split/);
    expect(await shown.locator('svg').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'import-repair.png') });
    const stored = await api.layer('parcels', project);
    expect(stored).toHaveLength(210);
    expect(stored.find((f) => f.id === bad.properties.DKBH)?.geometry.type).toBe('MultiPolygon');
    await page.getByTestId('import-close').click();
  });

  it('cancels a large import mid-way and leaves nothing behind', async () => {
    const project = await api.createProject('取消测试', 'planner');
    await page.reload();
    await mapIdle(page);
    await page.getByTestId('project-select').selectOption(project);
    await mapIdle(page);
    await page.getByTestId('action-import').click();
    await page.getByTestId('import-file').setInputFiles(join(ROOT_DIR, 'data/demo/wuhan/parcels.geojson'));
    await page.getByTestId('import-detected').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-run').click();
    // once some chunks have gone up, cancel
    await expect.poll(async () => Number(((await page.getByTestId('import-progress').textContent()) ?? '').replace(/,/g, '').match(/(\d+) \//)?.[1] ?? 0), { timeout: 60_000, interval: 100 }).toBeGreaterThan(4000);
    await page.getByTestId('import-cancel').click();
    await page.getByTestId('import-cancelled').waitFor({ timeout: 60_000 });
    expect(await api.layer('parcels', project)).toHaveLength(0);
    await page.getByTestId('import-close').click();
  });

  it('raised no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
