// Importing a planner's file through the API: the raw bytes of any format, read and checked
// on the server, written all or nothing — on both stores.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeatureCollection, ImportFileResponse, SessionResponse } from '../../src/api/types';
import { geometryArea } from '../../src/domain/geometry/area';
import { buildApp } from '../../src/server/app';
import { addMember, createUser } from '../../src/server/store/accounts';
import { createProject, migrate, type Db } from '../../src/server/store';
import { testStores } from './stores';

const GDAL = new URL('../fixtures/gdal/', import.meta.url).pathname;
const source = JSON.parse(readFileSync(`${GDAL}parcels-wgs84.geojson`, 'utf8')) as FeatureCollection<Polygon>;
const sourceByDkbh = new Map(source.features.map((f) => [String(f.properties?.DKBH), f]));

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`import a file through the API — ${store.title}`, () => {
    let db: Db;
    let app: FastifyInstance;
    let base = '';
    let headers: Record<string, string> = {};

    const upload = (file: string, query: string, bytes = readFileSync(`${GDAL}${file}`)) =>
      fetch(`${base}/api/projects/p1/layers/parcels/import-file?name=${encodeURIComponent(file)}${query}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes });
    const parcels = async () => ((await (await fetch(`${base}/api/projects/p1/layers/parcels/features`, { headers })).json()) as ApiFeatureCollection).features;

    beforeAll(async () => {
      db = await store.open();
      await migrate(db);
      const admin = await createUser(db, { username: 'admin', password: 'admin-pw-1', role: 'admin' });
      const planner = await createUser(db, { username: '规划', password: 'planner-pw-1', role: 'planner' });
      await createProject(db, { id: 'p1', name: '导入', user: admin });
      await addMember(db, { projectId: 'p1', userId: planner.id, role: 'planner' });
      app = await buildApp({ db });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '规划', password: 'planner-pw-1' }) });
      const session = (await login.json()) as SessionResponse;
      headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': session.csrfToken };
    });

    afterAll(async () => {
      await app?.close();
      await store.dispose(db);
    });

    it('refuses the shapefile read as the wrong zone, naming the right one, and writes nothing', async () => {
      const response = await upload('parcels-4526-gbk.zip', '&crs=EPSG:4525');
      expect(response.status).toBe(422);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0].message).toContain('EPSG:4526');
      expect(await parcels()).toHaveLength(0);
    });

    it('a dry run checks and writes nothing', async () => {
      const response = await upload('parcels-4547.gpkg', '&dryRun=1');
      expect(response.status).toBe(200);
      expect(((await response.json()) as ImportFileResponse).imported).toBe(0);
      expect(await parcels()).toHaveLength(0);
    });

    it('imports the GBK shapefile without .cpg: 210 parcels, Chinese intact, areas within 1e-6', async () => {
      const response = await upload('parcels-4526-gbk-nocpg.zip', '');
      expect(response.status).toBe(201);
      const body = (await response.json()) as ImportFileResponse;
      expect(body).toMatchObject({ imported: 210, encoding: { name: 'gb18030', source: 'detected' }, crs: { code: 4526 } });
      expect(body.mapping.fields).toMatchObject({ id: 'DKBH', landUse: 'DLBM', name: 'DKMC' });
      const stored = await parcels();
      expect(stored).toHaveLength(210);
      for (const f of stored) {
        const original = sourceByDkbh.get(f.id);
        expect(f.properties.DLMC).toBe(original?.properties?.DLMC);
        const want = geometryArea(original?.geometry as Polygon);
        expect(Math.abs(geometryArea(f.geometry) - want) / want).toBeLessThan(1e-6);
      }
    });

    it('refuses the same parcels again (ids taken, overlaps) with every problem, and writes nothing', async () => {
      const response = await upload('parcels-4490.fgb', '');
      expect(response.status).toBe(422);
      const body = (await response.json()) as { errorCount: number; errors: Array<{ feature: string; message: string }> };
      expect(body.errorCount).toBeGreaterThanOrEqual(210);
      expect(body.errors.some((e) => /is taken in this project/.test(e.message))).toBe(true);
      expect(await parcels()).toHaveLength(210);
    });

    it('says what is wrong with a file it cannot read', async () => {
      const response = await upload('notes.docx', '', Buffer.from('just some text'));
      expect(response.status).toBe(422);
      expect(((await response.json()) as { message: string }).message).toMatch(/not a format ParkAtlas reads/);
    });
  });
}
