// Snapshots over real HTTP on loopback, against both stores, on the demo city (20 854
// parcels): names are checked, reviewers cannot save one; a snapshot's features come back
// by layer; the comparison after real edits matches the edits and CQ-3's report; the trend
// evaluates each snapshot, oldest first, and answers again from its cache.
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiFeature, ApiFeatureCollection, ReportResponse, SnapshotComparison, SnapshotFeaturesResponse, SnapshotInfo, TrendResponse } from '../../src/api/types';
import { geometryArea } from '../../src/domain/geometry/area';
import { DEMO_PROJECT } from '../../src/server/demo';
import type { Client } from './httpClient';
import { testStores } from './stores';
import { startTestServer, type TestServer } from './testServer';

const PID = DEMO_PROJECT;
const base = (path = ''): string => `/api/projects/${PID}/snapshots${path}`;

/** The polygon shrunk by half towards its vertices' mean (the demo's parcels are convex). */
function halved(p: Polygon): Polygon {
  const ring = p.coordinates[0].slice(0, -1);
  const cx = ring.reduce((s, q) => s + q[0], 0) / ring.length;
  const cy = ring.reduce((s, q) => s + q[1], 0) / ring.length;
  const out = ring.map(([x, y]) => [cx + (x - cx) / 2, cy + (y - cy) / 2]);
  return { type: 'Polygon', coordinates: [[...out, out[0]]] };
}

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`snapshots over HTTP — ${store.title}`, () => {
    let server: TestServer;
    let planner: Client;
    let reviewer: Client;
    let first: SnapshotInfo;
    let parcels: ApiFeature[];
    let counts: Record<string, number>;

    beforeAll(async () => {
      server = await startTestServer(store, 'demo');
      planner = await server.login('planner');
      reviewer = await server.login('reviewer');
      counts = {};
      for (const layer of ['districts', 'zones', 'parks', 'parcels']) {
        const fc = await planner.call<ApiFeatureCollection>('GET', `/api/projects/${PID}/layers/${layer}/features`);
        counts[layer] = fc.body.features.length;
        if (layer === 'parcels') parcels = fc.body.features;
      }
    }, 180_000);

    afterAll(() => server?.close());

    it('checks the name, refuses reviewers and saves a snapshot of every feature', async () => {
      for (const body of [{}, { name: '   ' }, { name: 7 }]) {
        const res = await planner.call<ApiError>('POST', base(), body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'bad-snapshot-name' });
        expect(res.body.message).toContain('"name"');
      }
      const long = await planner.call<ApiError>('POST', base(), { name: '基'.repeat(81) });
      expect(long.status).toBe(400);
      expect(long.body.message).toContain('81 characters; shorten it to at most 80');
      const refused = await reviewer.call<ApiError>('POST', base(), { name: '审阅者的快照' });
      expect(refused).toMatchObject({ status: 403, body: { code: 'read-only' } });
      expect((await planner.call<SnapshotInfo[]>('GET', base())).body).toEqual([]);

      const saved = await planner.call<SnapshotInfo>('POST', base(), { name: '  2026 基准 ' });
      expect(saved.status).toBe(201);
      first = saved.body;
      const total = Object.values(counts).reduce((s, n) => s + n, 0);
      expect(first).toMatchObject({ name: '2026 基准', createdBy: 'planner', featureCount: total });
      expect(counts.parcels).toBe(20854);
      expect((await reviewer.call<SnapshotInfo[]>('GET', base())).body).toEqual([first]);
    });

    it("returns a snapshot's features by layer, with ids and versions", async () => {
      const res = await reviewer.call<SnapshotFeaturesResponse>('GET', base(`/${first.id}/features`));
      expect(res.status).toBe(200);
      expect(res.body.snapshot).toEqual(first);
      for (const [layer, n] of Object.entries(counts)) expect(res.body.layers[layer as keyof typeof res.body.layers], layer).toHaveLength(n);
      const byId = new Map(res.body.layers.parcels.map((f) => [f.id, f]));
      for (const f of parcels.slice(0, 50)) expect(byId.get(f.id)).toMatchObject({ type: 'Feature', id: f.id, version: f.version, properties: f.properties });
      const missing = await reviewer.call<ApiError>('GET', base('/no-such-snapshot/features'));
      expect(missing.status).toBe(404);
      expect(missing.body.message).toContain('no snapshot no-such-snapshot');
    });

    it('compares now with the snapshot after a delete, an add and a retag, as CQ-3 does', async () => {
      const existing = parcels.filter((f) => f.properties.landUse === '100101' && f.properties.status === 'producing' && f.geometry.type === 'Polygon');
      const [gone, retag, model] = existing;
      expect((await planner.call('DELETE', `/api/projects/${PID}/layers/parcels/features/${gone.id}?version=${gone.version}`)).status).toBe(200);
      const put = await planner.call('PUT', `/api/projects/${PID}/layers/parcels/features/${retag.id}`, {
        version: retag.version,
        feature: { type: 'Feature', properties: { ...retag.properties, landUse: '0901' }, geometry: retag.geometry },
      });
      expect(put.status).toBe(200);
      const newGeometry = halved(model.geometry as Polygon);
      const created = await planner.call<ApiFeature>('POST', `/api/projects/${PID}/layers/parcels/features`, {
        type: 'Feature',
        id: 'P-SNAP-NEW',
        properties: { ...model.properties, id: 'P-SNAP-NEW', name: '新增地块' },
        geometry: newGeometry,
      });
      expect(created.status).toBe(201);

      const cmp = await reviewer.call<SnapshotComparison>('GET', base(`/${first.id}/compare`));
      expect(cmp.status).toBe(200);
      const p = cmp.body.layers.parcels;
      expect(p).toMatchObject({ added: ['P-SNAP-NEW'], removed: [gone.id], changed: [retag.id], countNow: 20854, countBaseline: 20854 });
      expect(p.addedM2).toBeCloseTo(geometryArea(newGeometry), 6);
      expect(p.removedM2).toBeCloseTo(geometryArea(gone.geometry), 6);
      expect(p.changedDeltaM2).toBe(0);
      expect(p.areaChangeM2).toBeCloseTo(p.addedM2 - p.removedM2, 3);
      expect(cmp.body.layers.parks).toMatchObject({ added: [], removed: [], changed: [] });
      expect(cmp.body.policy).toBe('chongqing-2021');
      const commercial = cmp.body.parcelAreaByLandUse.find((r) => r.code === '0901');
      expect(commercial?.zh).toBe('商业用地');
      const industrialChange = cmp.body.industrialAreaNowM2 - cmp.body.industrialAreaBaselineM2;
      expect(industrialChange).toBeCloseTo(geometryArea(newGeometry) - geometryArea(gone.geometry) - geometryArea(retag.geometry), 2);

      // CQ-3 against this baseline: the same change, in km² (the edited parcels are all "existing").
      const report = await reviewer.call<ReportResponse>('GET', `/api/projects/${PID}/report?policy=chongqing-2021&baseline=${first.id}`);
      const cq3 = report.body.rules.find((r) => r.id === 'CQ-3');
      expect(cq3?.value).toBeCloseTo(industrialChange / 1e6, 9);
      expect(cq3?.status).toBe('fail');

      expect((await reviewer.call('GET', base(`/${first.id}/compare?policy=nope`))).status).toBe(400);
    });

    it('evaluates every snapshot for the trend, oldest first, cached', async () => {
      const second = (await planner.call<SnapshotInfo>('POST', base(), { name: '2026 第二季度' })).body;
      expect((await planner.call<SnapshotInfo[]>('GET', base())).body.map((s) => s.id)).toEqual([second.id, first.id]);

      const t0 = Date.now();
      const trend = await reviewer.call<TrendResponse>('GET', base('/trend?policy=wuhan-2025'));
      const cold = Date.now() - t0;
      expect(trend.status).toBe(200);
      expect(trend.body).toMatchObject({ policy: 'wuhan-2025' });
      expect(trend.body.points.map((x) => [x.snapshotId, x.name])).toEqual([[first.id, '2026 基准'], [second.id, '2026 第二季度']]);
      const w1 = trend.body.points.map((x) => x.rules.find((r) => r.id === 'W25-1' && r.scope === 'city'));
      expect(w1[0]).toMatchObject({ title: '现状工业用地总规模', unit: 'km2' });
      const cmp = (await reviewer.call<SnapshotComparison>('GET', base(`/${first.id}/compare`))).body;
      expect((w1[1]?.value ?? 0) - (w1[0]?.value ?? 0)).toBeCloseTo((cmp.industrialAreaNowM2 - cmp.industrialAreaBaselineM2) / 1e6, 9);

      const t1 = Date.now();
      const again = await reviewer.call<TrendResponse>('GET', base('/trend?policy=wuhan-2025'));
      const warm = Date.now() - t1;
      expect(again.body).toEqual(trend.body);
      expect(warm).toBeLessThan(cold);

      const english = await reviewer.call<TrendResponse>('GET', base('/trend?policy=wuhan-2025&lang=en'));
      expect(english.body.points[0].rules.find((r) => r.id === 'W25-1')?.title).toBe('Existing industrial land, city-wide');
      // A snapshot on its own has no baseline: CQ-3 is n/a in the trend.
      const cq = await reviewer.call<TrendResponse>('GET', base('/trend?policy=chongqing-2021'));
      expect(cq.body.points.every((x) => x.rules.find((r) => r.id === 'CQ-3')?.status === 'n/a')).toBe(true);
      const bad = await reviewer.call<ApiError>('GET', base('/trend?policy=nope'));
      expect(bad).toMatchObject({ status: 400, body: { code: 'unknown-policy' } });
    }, 120_000);
  });
}
