// The staged import API over real HTTP on loopback, against both stores: chunks of real
// parcels (GDAL's 沌口 file) staged, then committed in one transaction or cancelled.
//
// A chunk with a bad feature is refused and not staged; the chunks before it stay staged,
// so the client may fix that chunk and send it again, or commit only what was staged.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError, ApiFeatureCollection, HistoryEntry, ImportChunkFeature, ImportChunkResponse, ImportStarted, ImportStatus, ValidationResponse,
} from '../../src/api/types';
import type { AreaGeometry } from '../../src/domain/schema/kinds';
import type { Db } from '../../src/server/store';
import { testStores } from './stores';
import type { Client } from './httpClient';
import { startTestServer, type TestServer } from './testServer';

const FIXTURE = new URL('../fixtures/gdal/parcels-wgs84.geojson', import.meta.url);

/** The first 210 parcels of the file, mapped onto the schema as the browser's import does. */
function fixtureParcels(): ImportChunkFeature[] {
  const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: AreaGeometry }> };
  return file.features.slice(0, 210).map(({ properties: { DKBH, DLBM, DJ, RJL, ...others }, geometry }) => ({
    id: String(DKBH),
    properties: { ...others, landUse: DLBM, grade: DJ, far: RJL },
    geometry,
  }));
}

const square = (x: number, y: number, d: number): AreaGeometry => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const bowTie: AreaGeometry = { type: 'Polygon', coordinates: [[[114.3, 30.5], [114.31, 30.51], [114.31, 30.5], [114.3, 30.51], [114.3, 30.5]]] };

/** n parcels on a grid of 0.0005° squares (about 50 m) around 沌口. */
function generatedParcels(n: number): ImportChunkFeature[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `G-${String(i + 1).padStart(6, '0')}`,
    properties: { name: `生成地块${i + 1}`, landUse: '100102', grade: 7, far: 1.5 },
    geometry: square(114.0 + (i % 200) * 0.0006, 30.4 + Math.floor(i / 200) * 0.0006, 0.0005),
  }));
}

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`staged imports over HTTP — ${store.title}`, () => {
    let db: Db;
    let server: TestServer;
    let admin: Client;
    let planner: Client;
    let other: Client;
    let reviewer: Client;
    const parcels = fixtureParcels();


    /** A fresh project: 王规划 and other plan it, reviewer reads it. */
    async function newProject(name: string): Promise<string> {
      const created = await admin.call<{ id: string }>('POST', '/api/projects', { name });
      expect(created.status).toBe(201);
      const pid = created.body.id;
      for (const [username, role] of [['王规划', 'planner'], ['other', 'planner'], ['reviewer', 'reviewer']]) {
        expect((await admin.call('POST', `/api/projects/${pid}/members`, { username, role })).status).toBe(200);
      }
      return pid;
    }

    async function start(client: Client, pid: string, body: Record<string, unknown> = { layer: 'parcels' }): Promise<string> {
      const res = await client.call<ImportStarted>('POST', `/api/projects/${pid}/imports`, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ layer: body.layer, received: 0 });
      return res.body.id;
    }

    const send = (client: Client, pid: string, iid: string, features: unknown[]) =>
      client.call<ImportChunkResponse & ValidationResponse>('POST', `/api/projects/${pid}/imports/${iid}/chunks`, { features });

    async function featureIds(pid: string): Promise<string[]> {
      const res = await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features`);
      expect(res.status).toBe(200);
      return res.body.features.map((f) => f.id);
    }

    async function stagedRows(iid: string): Promise<{ imports: number; rows: number }> {
      const [row] = await db.query<{ imports: number; rows: number }>(
        `SELECT (SELECT count(*)::int FROM imports WHERE id = $1) AS imports,
                (SELECT count(*)::int FROM import_rows WHERE import_id = $1) AS rows`,
        [iid],
      );
      return row;
    }

    beforeAll(async () => {
      server = await startTestServer(store, 'users');
      ({ db } = server);
      admin = await server.login('admin');
      planner = await server.login('王规划');
      other = await server.login('other');
      reviewer = await server.login('reviewer');
    });

    afterAll(() => server?.close());

    it('three chunks of 沌口 parcels, then commit: 210 features, Chinese text intact, history "import"', async () => {
      const pid = await newProject('沌口导入');
      const iid = await start(planner, pid, { layer: 'parcels', comment: '沌口地块批量导入', expected: 210 });
      const received: number[] = [];
      for (const chunk of chunksOf(parcels, 70)) {
        const res = await send(planner, pid, iid, chunk);
        expect(res.status).toBe(200);
        received.push(res.body.received);
      }
      expect(received).toEqual([70, 140, 210]);
      const status = await planner.call<ImportStatus>('GET', `/api/projects/${pid}/imports/${iid}`);
      expect(status.body).toMatchObject({ id: iid, layer: 'parcels', received: 210, user: '王规划' });
      expect(Number.isNaN(Date.parse(status.body.createdAt))).toBe(false);
      expect(await featureIds(pid)).toEqual([]); // staged rows are not features

      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toEqual({ status: 200, body: { imported: 210 } });
      const listed = (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/parcels/features`)).body.features;
      expect(listed.map((f) => f.id)).toEqual(parcels.map((p) => p.id)); // in file order
      for (const [i, f] of listed.entries()) {
        // Everything sent is kept as sent; the checks also read DKMC as the name and a
        // non-empty BZ as the notes (src/io/fieldAliases.ts).
        const sent = parcels[i].properties;
        expect(f.properties).toEqual({ ...sent, name: sent.DKMC, ...(sent.BZ !== '' ? { notes: sent.BZ } : {}) });
        expect(f.geometry).toEqual(parcels[i].geometry);
        expect(f.version).toBe(1);
      }
      expect(listed[0].properties).toMatchObject({ DKMC: '沌口地块1号', DLMC: '物流仓储用地', name: '沌口地块1号' });
      const history = await planner.call<HistoryEntry[]>('GET', `/api/projects/${pid}/features/${parcels[5].id}/history`);
      expect(history.body.map((h) => [h.version, h.action, h.user, h.comment])).toEqual([[1, 'import', '王规划', '沌口地块批量导入']]);
      expect(history.body[0].after?.properties.DKMC).toBe(parcels[5].properties.DKMC);

      expect(await stagedRows(iid)).toEqual({ imports: 0, rows: 0 });
      expect(await planner.call('GET', `/api/projects/${pid}/imports/${iid}`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
    });

    it('cancel after two chunks: no features, no staging rows', async () => {
      const pid = await newProject('取消导入');
      const iid = await start(planner, pid);
      for (const chunk of chunksOf(parcels, 70).slice(0, 2)) expect((await send(planner, pid, iid, chunk)).status).toBe(200);
      expect(await stagedRows(iid)).toEqual({ imports: 1, rows: 140 });
      expect(await planner.call('DELETE', `/api/projects/${pid}/imports/${iid}`)).toEqual({ status: 200, body: { cancelled: true } });
      expect(await stagedRows(iid)).toEqual({ imports: 0, rows: 0 });
      expect(await featureIds(pid)).toEqual([]);
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
      expect((await send(planner, pid, iid, parcels.slice(140, 141))).status).toBe(404);
      expect(await featureIds(pid)).toEqual([]);
    });

    it('a chunk with a bow-tie is refused and not staged; commit then writes the good chunks', async () => {
      const pid = await newProject('坏块');
      const iid = await start(planner, pid);
      const [first, second, third] = chunksOf(parcels, 70);
      expect((await send(planner, pid, iid, first)).body.received).toBe(70);

      const bad = second.map((p, i) => (i === 10 ? { ...p, geometry: bowTie } : p));
      const refused = await send(planner, pid, iid, bad);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('invalid-features');
      expect(refused.body.errors.map((e) => [e.feature, e.field])).toEqual([[second[10].id, 'geometry']]);
      expect(refused.body.errors[0].message).toMatch(/crosses itself/);
      expect(refused.body.message).toMatch(/not staged/);
      // A feature without an id is named by its place in the whole import (71st), not in the chunk.
      const { id: _dropped, ...noId } = second[0];
      const unnamed = await send(planner, pid, iid, [noId]);
      expect(unnamed.status).toBe(422);
      expect(unnamed.body.errors).toEqual([{ feature: '#71', field: 'id', message: 'the feature has no id' }]);
      expect((await planner.call<ImportStatus>('GET', `/api/projects/${pid}/imports/${iid}`)).body.received).toBe(70);

      expect((await send(planner, pid, iid, third)).body.received).toBe(140);
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toEqual({ status: 200, body: { imported: 140 } });
      expect(await featureIds(pid)).toEqual([...first, ...third].map((p) => p.id));
      expect(await stagedRows(iid)).toEqual({ imports: 0, rows: 0 });
    });

    it('an id repeated across chunks (or within one) gets 422 naming it; the chunk is not staged', async () => {
      const pid = await newProject('重复编号');
      const iid = await start(planner, pid);
      expect((await send(planner, pid, iid, parcels.slice(0, 70))).status).toBe(200);
      const repeated = await send(planner, pid, iid, [...parcels.slice(70, 100), { ...parcels[100], id: parcels[3].id }]);
      expect(repeated.status).toBe(422);
      expect(repeated.body.errors.map((e) => [e.feature, e.field])).toEqual([[parcels[3].id, 'id']]);
      expect(repeated.body.errors[0].message).toContain('earlier chunk');
      const twice = await send(planner, pid, iid, [parcels[150], parcels[150]]);
      expect(twice.status).toBe(422);
      expect(twice.body.errors).toEqual([{ feature: parcels[150].id, field: 'id', message: `id ${parcels[150].id} appears twice in this request` }]);
      expect(await stagedRows(iid)).toEqual({ imports: 1, rows: 70 });
    });

    it('commit when an id is already in the project: 409 naming it, nothing written, the import stays staged', async () => {
      const pid = await newProject('编号冲突');
      const existing = parcels[120];
      const created = await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, { type: 'Feature', id: existing.id, properties: { landUse: '100102', grade: 7 }, geometry: existing.geometry });
      expect(created.status).toBe(201);
      const iid = await start(planner, pid);
      for (const chunk of chunksOf(parcels, 70)) expect((await send(planner, pid, iid, chunk)).status).toBe(200);
      const refused = await planner.call<ApiError>('POST', `/api/projects/${pid}/imports/${iid}/commit`);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('duplicate-id');
      expect(refused.body.message).toContain(existing.id);
      expect(refused.body.message).toMatch(/nothing was written/);
      expect(await featureIds(pid)).toEqual([existing.id]);
      const history = await planner.call<HistoryEntry[]>('GET', `/api/projects/${pid}/features/${parcels[0].id}/history`);
      expect(history.status).toBe(404);
      expect(await stagedRows(iid)).toEqual({ imports: 1, rows: 210 });
      expect((await planner.call('DELETE', `/api/projects/${pid}/imports/${iid}`)).status).toBe(200);
      expect(await stagedRows(iid)).toEqual({ imports: 0, rows: 0 });
    });

    it('commit with fewer features than expected: 409 naming both numbers; the missing chunk then completes it', async () => {
      const pid = await newProject('数量不符');
      const iid = await start(planner, pid, { layer: 'parcels', expected: 210 });
      const [first, second, third] = chunksOf(parcels, 70);
      await send(planner, pid, iid, first);
      await send(planner, pid, iid, second);
      const short = await planner.call<ApiError & { expected: number; received: number }>('POST', `/api/projects/${pid}/imports/${iid}/commit`);
      expect(short.status).toBe(409);
      expect(short.body).toMatchObject({ code: 'count-mismatch', expected: 210, received: 140 });
      expect(short.body.message).toMatch(/210.*140/);
      expect(await featureIds(pid)).toEqual([]);
      await send(planner, pid, iid, third);
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toEqual({ status: 200, body: { imported: 210 } });
    });

    it('only the starter may see, add to, commit or cancel an import; a reviewer cannot start one', async () => {
      const pid = await newProject('权限');
      const iid = await start(planner, pid);
      await send(planner, pid, iid, parcels.slice(0, 70));
      for (const client of [other, admin]) {
        expect(await send(client, pid, iid, parcels.slice(70, 80))).toMatchObject({ status: 404, body: { code: 'no-import' } });
        expect(await client.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
        expect(await client.call('DELETE', `/api/projects/${pid}/imports/${iid}`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
        expect(await client.call('GET', `/api/projects/${pid}/imports/${iid}`)).toMatchObject({ status: 404, body: { code: 'no-import' } });
      }
      expect(await stagedRows(iid)).toEqual({ imports: 1, rows: 70 });
      expect(await featureIds(pid)).toEqual([]);

      expect(await reviewer.call('POST', `/api/projects/${pid}/imports`, { layer: 'parcels' })).toMatchObject({ status: 403, body: { code: 'read-only' } });
      expect(await planner.call('POST', `/api/projects/${pid}/imports`, { layer: 'roads' })).toMatchObject({ status: 400, body: { code: 'bad-import' } });
      expect(await planner.call('POST', `/api/projects/${pid}/imports`, { layer: 'parcels', expected: -1 })).toMatchObject({ status: 400, body: { code: 'bad-import' } });
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/chunks`, { type: 'FeatureCollection' })).toMatchObject({ status: 400, body: { code: 'bad-chunk' } });
    });

    it('imports older than 24 h are deleted when a new one starts', async () => {
      const pid = await newProject('过期');
      const old = await start(planner, pid);
      await send(planner, pid, old, parcels.slice(0, 10));
      await db.query(`UPDATE imports SET created_at = now() - interval '25 hours' WHERE id = $1`, [old]);
      const fresh = await start(other, pid);
      expect(await stagedRows(old)).toEqual({ imports: 0, rows: 0 });
      expect(await stagedRows(fresh)).toEqual({ imports: 1, rows: 0 });
    });

    it('stages and commits 20 000 generated parcels in chunks of 2 000 (timed)', { timeout: 300_000 }, async () => {
      const pid = await newProject('两万地块');
      const generated = generatedParcels(20_000);
      const t0 = performance.now();
      const iid = await start(planner, pid, { layer: 'parcels', expected: generated.length });
      for (const chunk of chunksOf(generated, 2000)) expect((await send(planner, pid, iid, chunk)).status).toBe(200);
      const t1 = performance.now();
      expect(await planner.call('POST', `/api/projects/${pid}/imports/${iid}/commit`)).toEqual({ status: 200, body: { imported: 20_000 } });
      const t2 = performance.now();
      console.info(`[${store.kind}] staged import of 20 000 parcels: stage ${Math.round(t1 - t0)} ms (10 chunks of 2 000), commit ${Math.round(t2 - t1)} ms, total ${Math.round(t2 - t0)} ms`);
      const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM features WHERE project_id = $1', [pid]);
      expect(count.n).toBe(20_000);
      expect(await stagedRows(iid)).toEqual({ imports: 0, rows: 0 });
    });
  });
}
