// The HTTP API over real HTTP on loopback, against both stores.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { geojson as fgb } from 'flatgeobuf';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature, ApiFeatureCollection, ConflictResponse, HistoryEntry, SessionResponse, SnapshotComparison, SnapshotInfo, ValidationResponse } from '../../src/api/types';
import { buildApp } from '../../src/server/app';
import type { Db } from '../../src/server/store';
import { fixtureDir } from '../helpers/city';
import { testStores } from './stores';
import { startTestServer, type TestServer } from './testServer';

const root = new URL('../..', import.meta.url).pathname;
const square = (x: number, y: number, d = 0.001): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const parcel = (id: string | undefined, x: number, y: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  ...(id ? { id } : {}),
  properties: { name: `地块${id ?? ''}`, landUse: '100102', grade: 7, status: 'producing', ...props },
  geometry: square(x, y),
});

interface Client {
  csrf: string;
  cookie: string;
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`API over HTTP — ${store.title}`, () => {
    let db: Db;
    let server: TestServer;
    let base = '';
    let admin: Client;
    let planner: Client;
    let reviewer: Client;
    let outsider: Client;
    let pid = '';

    async function login(username: string, password: string): Promise<Client> {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(res.status).toBe(200);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
      const session = (await res.json()) as SessionResponse;
      return {
        csrf: session.csrfToken,
        cookie,
        async call(method, path, body, headers = {}) {
          const r = await fetch(`${base}${path}`, {
            method,
            headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
            body: body !== undefined ? JSON.stringify(body) : undefined,
          });
          // Keep a byte-order mark (fetch's text() would drop it): the CSV export carries one.
          const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
          return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as never };
        },
      };
    }

    beforeAll(async () => {
      server = await startTestServer(store, 'users');
      ({ db, base } = server);
      admin = await login('admin', 'admin-pw-1');
      const created = await admin.call<{ id: string }>('POST', '/api/projects', { name: '武汉示范' });
      expect(created.status).toBe(201);
      pid = created.body.id;
      const otherProject = await admin.call<{ id: string }>('POST', '/api/projects', { name: '别的项目' });
      expect((await admin.call('POST', `/api/projects/${pid}/members`, { username: '王规划', role: 'planner' })).status).toBe(200);
      expect((await admin.call('POST', `/api/projects/${pid}/members`, { username: 'reviewer', role: 'reviewer' })).status).toBe(200);
      expect((await admin.call('POST', `/api/projects/${otherProject.body.id}/members`, { username: 'other', role: 'planner' })).status).toBe(200);
      planner = await login('王规划', 'planner-pw-1');
      reviewer = await login('reviewer', 'reviewer-pw-1');
      outsider = await login('other', 'other-pw-1');
    });

    afterAll(() => server?.close());

    it('health, session, CSRF and wrong passwords', async () => {
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health).toMatchObject({ ok: true, store: store.kind });
      expect((await planner.call<SessionResponse>('GET', '/api/session')).body).toMatchObject({ user: '王规划', role: 'planner' });
      const noCsrf = await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('x', 114, 30.5), { 'x-csrf-token': 'wrong' });
      expect(noCsrf).toMatchObject({ status: 403, body: { code: 'csrf' } });
      const anonymous = await fetch(`${base}/api/projects`);
      expect(anonymous.status).toBe(401);
      for (let i = 0; i < 5; i++) {
        const bad = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reviewer', password: 'nope' }) });
        expect(bad.status).toBe(401);
      }
      const limited = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reviewer', password: 'reviewer-pw-1' }) });
      expect(limited.status).toBe(429);
    });

    it('create, list with bbox, update, delete — with versions', async () => {
      const created = await planner.call<ApiFeature>('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-1', 114.1, 30.5));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'P-1', version: 1 });
      const list = await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features?bbox=114.09,30.49,114.2,30.6`);
      expect(list.body.features.map((f) => [f.id, f.version])).toContainEqual(['P-1', 1]);
      const fgbRes = await fetch(`${base}/api/projects/${pid}/layers/parcels/features`, { headers: { cookie: planner.cookie, accept: 'application/flatgeobuf' } });
      expect(fgbRes.headers.get('content-type')).toContain('application/flatgeobuf');
      const fromFgb: Array<[unknown, unknown]> = [];
      for await (const f of fgb.deserialize(new Uint8Array(await fgbRes.arrayBuffer())) as AsyncGenerator<{ properties: Record<string, unknown> }>) fromFgb.push([f.properties.id, f.properties.version]);
      expect(fromFgb).toContainEqual(['P-1', 1]);
      const away = await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features?bbox=115,31,115.1,31.1`);
      expect(away.body.features).toHaveLength(0);
      const updated = await planner.call<ApiFeature>('PUT', `/api/projects/${pid}/layers/parcels/features/P-1`, { version: 1, feature: parcel(undefined, 114.1, 30.5, { far: 2 }) });
      expect(updated.body).toMatchObject({ version: 2, properties: { far: 2 } });
      const stale = await planner.call<ConflictResponse>('DELETE', `/api/projects/${pid}/layers/parcels/features/P-1?version=1`);
      expect(stale).toMatchObject({ status: 409, body: { code: 'stale-version', current: { version: 2 } } });
      expect((await planner.call('DELETE', `/api/projects/${pid}/layers/parcels/features/P-1?version=2`)).status).toBe(200);
    });

    it('ten concurrent updates at one version: one succeeds, nine get 409, history has one update', async () => {
      await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-race', 114.2, 30.5));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => planner.call<ApiFeature | ConflictResponse>('PUT', `/api/projects/${pid}/layers/parcels/features/P-race`, { version: 1, feature: parcel(undefined, 114.2, 30.5, { far: 1 + i / 10 }) })),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const conflicts = results.filter((r) => r.status === 409);
      expect(conflicts).toHaveLength(9);
      for (const c of conflicts) expect((c.body as ConflictResponse).current?.version).toBe(2);
      const history = await planner.call<HistoryEntry[]>('GET', `/api/projects/${pid}/features/P-race/history`);
      expect(history.body.map((h) => h.action)).toEqual(['create', 'update']);
    });

    it('a bulk import with one bad feature writes nothing and names that feature', async () => {
      const before = (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features`)).body.features.length;
      const bowTie = { ...parcel('P-bad', 114.3, 30.5), geometry: { type: 'Polygon', coordinates: [[[114.3, 30.5], [114.31, 30.51], [114.31, 30.5], [114.3, 30.51], [114.3, 30.5]]] } };
      const features = [parcel('I-1', 114.3, 30.52), bowTie, parcel('I-3', 114.3, 30.54), parcel('I-4', 114.3, 30.56, { grade: 16 })];
      const res = await planner.call<ValidationResponse>('POST', `/api/projects/${pid}/layers/parcels/import`, { type: 'FeatureCollection', features });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e) => [e.feature, e.field])).toEqual([['P-bad', 'geometry'], ['I-4', 'grade']]);
      expect(res.body.errors[0].message).toMatch(/crosses itself/);
      const after = (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features`)).body.features.length;
      expect(after).toBe(before);
      const good = await planner.call('POST', `/api/projects/${pid}/layers/parcels/import`, { type: 'FeatureCollection', features: [features[0], features[2]] });
      expect(good).toMatchObject({ status: 201, body: { imported: 2 } });
    });

    it('a split is one request and one transaction: all edits or none', async () => {
      await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('S-1', 114.6, 30.5));
      await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('S-other', 114.6, 30.52));
      const west = { type: 'Feature', properties: { landUse: '100102', grade: 7 }, geometry: { type: 'Polygon', coordinates: [[[114.6, 30.5], [114.6005, 30.5], [114.6005, 30.501], [114.6, 30.501], [114.6, 30.5]]] } };
      const east = { type: 'Feature', id: 'S-1b', properties: { landUse: '100102', grade: 7 }, geometry: { type: 'Polygon', coordinates: [[[114.6005, 30.5], [114.601, 30.5], [114.601, 30.501], [114.6005, 30.501], [114.6005, 30.5]]] } };
      // One edit is stale: nothing of the batch is written.
      const stale = await planner.call<ConflictResponse>('POST', `/api/projects/${pid}/batch`, {
        edits: [{ op: 'update', layer: 'parcels', id: 'S-1', version: 1, feature: west }, { op: 'create', layer: 'parcels', feature: east }, { op: 'delete', layer: 'parcels', id: 'S-other', version: 7 }],
      });
      expect(stale.status).toBe(409);
      const ids = async (): Promise<string[]> => (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features?bbox=114.59,30.49,114.62,30.53`)).body.features.map((f) => `${f.id}@${f.version}`);
      expect(await ids()).toEqual(['S-1@1', 'S-other@1']);
      const split = await planner.call<{ results: ApiFeature[] }>('POST', `/api/projects/${pid}/batch`, { edits: [{ op: 'update', layer: 'parcels', id: 'S-1', version: 1, feature: west }, { op: 'create', layer: 'parcels', feature: east }], comment: '分割' });
      expect(split.status).toBe(200);
      expect(split.body.results.map((r) => [r.id, r.version])).toEqual([['S-1', 2], ['S-1b', 1]]);
      expect(await ids()).toEqual(['S-1@2', 'S-other@1', 'S-1b@1']);
    });

    it('restores an earlier version as a new one', async () => {
      await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-r', 114.4, 30.5, { notes: '原始' }));
      await planner.call('PUT', `/api/projects/${pid}/layers/parcels/features/P-r`, { version: 1, feature: parcel(undefined, 114.4, 30.5, { notes: '改一' }) });
      await planner.call('PUT', `/api/projects/${pid}/layers/parcels/features/P-r`, { version: 2, feature: parcel(undefined, 114.4, 30.5, { notes: '改二' }) });
      const restored = await planner.call<ApiFeature>('POST', `/api/projects/${pid}/features/P-r/restore`, { version: 1, currentVersion: 3 });
      expect(restored.body).toMatchObject({ version: 4, properties: { notes: '原始' } });
      const history = await planner.call<HistoryEntry[]>('GET', `/api/projects/${pid}/features/P-r/history`);
      expect(history.body.map((h) => [h.version, h.action, h.user])).toEqual([[1, 'create', '王规划'], [2, 'update', '王规划'], [3, 'update', '王规划'], [4, 'restore', '王规划']]);
    });

    it('a reviewer reads but cannot write; a planner of another project can neither read nor write', async () => {
      expect((await reviewer.call('GET', `/api/projects/${pid}/layers/parcels/features`)).status).toBe(200);
      expect(await reviewer.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('R-1', 114.5, 30.5))).toMatchObject({ status: 403, body: { code: 'read-only' } });
      expect((await outsider.call('GET', `/api/projects/${pid}/layers/parcels/features`)).status).toBe(404);
      expect((await outsider.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('O-1', 114.5, 30.5))).status).toBe(404);
      expect((await planner.call('POST', '/api/projects', { name: 'x' })).status).toBe(403);
    });

    it('bad input gets a 4xx saying what to fix', async () => {
      expect(await planner.call('GET', `/api/projects/${pid}/layers/roads/features`)).toMatchObject({ status: 404, body: { code: 'unknown-layer' } });
      expect(await planner.call('GET', `/api/projects/${pid}/layers/parcels/features?bbox=1,2,3`)).toMatchObject({ status: 400, body: { code: 'bad-bbox' } });
      const projected = { ...parcel('P-proj', 0, 0), geometry: square(38_500_000, 3_380_000, 100) };
      const res = await planner.call<ValidationResponse>('POST', `/api/projects/${pid}/layers/parcels/features`, projected);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].message).toMatch(/projected|reproject/);
      expect(await planner.call('GET', `/api/projects/${pid}/report?policy=nowhere`)).toMatchObject({ status: 400, body: { code: 'unknown-policy' } });
    });

    it('the report endpoint equals the CLI on the same data', async () => {
      const project = (await admin.call<{ id: string }>('POST', '/api/projects', { name: '手算城市' })).body.id;
      for (const layer of ['districts', 'zones', 'parks', 'parcels']) {
        const fc = JSON.parse(readFileSync(`${fixtureDir('hand')}/${layer}.geojson`, 'utf8')) as FeatureCollection;
        expect((await admin.call('POST', `/api/projects/${project}/layers/${layer}/import`, fc)).status).toBe(201);
      }
      for (const policy of ['wuhan-2025', 'wuhan-2021']) {
        const api = await admin.call('GET', `/api/projects/${project}/report?policy=${policy}`);
        const cli = spawnSync(`${root}node_modules/.bin/tsx`, ['src/cli/main.ts', 'report', fixtureDir('hand'), '--policy', policy, '--format', 'json'], { cwd: root, encoding: 'utf8' });
        expect(api.body).toEqual(JSON.parse(cli.stdout));
      }
      const exported = await admin.call<FeatureCollection>('GET', `/api/projects/${project}/export?policy=wuhan-2025&format=geojson`);
      expect(exported.status).toBe(200);
      const csv = await admin.call<string>('GET', `/api/projects/${project}/export?policy=wuhan-2025&format=csv`);
      expect(csv.body.startsWith('\uFEFF')).toBe(true);
      expect(csv.body).toContain('两园重叠处地块');
    });

    it('snapshots: a baseline to compare against, and CQ-3 evaluated against it', async () => {
      const project = (await admin.call<{ id: string }>('POST', '/api/projects', { name: '基准对比' })).body.id;
      for (const layer of ['districts', 'zones', 'parks', 'parcels']) {
        const fc = JSON.parse(readFileSync(`${fixtureDir('hand')}/${layer}.geojson`, 'utf8')) as FeatureCollection;
        await admin.call('POST', `/api/projects/${project}/layers/${layer}/import`, fc);
      }
      const snap = await admin.call<SnapshotInfo>('POST', `/api/projects/${project}/snapshots`, { name: '2025 基准' });
      expect(snap).toMatchObject({ status: 201, body: { name: '2025 基准', featureCount: 2 + 1 + 2 + 7 } });
      expect((await admin.call<SnapshotInfo[]>('GET', `/api/projects/${project}/snapshots`)).body.map((x) => x.id)).toEqual([snap.body.id]);
      const both = (await admin.call<ApiFeatureCollection>('GET', `/api/projects/${project}/layers/parcels/features`)).body.features.find((f) => f.id === 'both') as ApiFeature;
      expect((await admin.call('DELETE', `/api/projects/${project}/layers/parcels/features/both?version=${both.version}`)).status).toBe(200);
      const cmp = await admin.call<SnapshotComparison>('GET', `/api/projects/${project}/snapshots/${snap.body.id}/compare`);
      expect(cmp.body.layers.parcels).toMatchObject({ added: [], removed: ['both'], changed: [] });
      expect(cmp.body.layers.parcels.areaBaselineM2 - cmp.body.layers.parcels.areaNowM2).toBeGreaterThan(40_000);
      const withBaseline = await admin.call<{ rules: Array<{ id: string; status: string; value: number | null }> }>('GET', `/api/projects/${project}/report?policy=chongqing-2021&baseline=${snap.body.id}`);
      const cq3 = withBaseline.body.rules.find((r) => r.id === 'CQ-3');
      expect(cq3?.status).toBe('fail');
      expect(cq3?.value).toBeCloseTo(-(cmp.body.layers.parcels.areaBaselineM2 - cmp.body.layers.parcels.areaNowM2) / 1e6, 9);
      const without = await admin.call<{ rules: Array<{ id: string; status: string }> }>('GET', `/api/projects/${project}/report?policy=chongqing-2021`);
      expect(without.body.rules.find((r) => r.id === 'CQ-3')?.status).toBe('n/a');
    });

    it('sessions expire', async () => {
      const short = await buildApp({ db, sessionTtlMs: 300 });
      const url = await short.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pw-1' }) });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      expect((await fetch(`${url}/api/session`, { headers: { cookie } })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 600));
      expect((await fetch(`${url}/api/session`, { headers: { cookie } })).status).toBe(401);
      await short.close();
    });
  });
}
