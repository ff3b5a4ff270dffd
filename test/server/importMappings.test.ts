// Saved import mappings over real HTTP on loopback, against both stores: a planner saves
// the mapping of a kind of file by name, lists it, overwrites and deletes it; reviewers
// only read; a bad mapping is refused naming what is wrong; projects do not see each other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, SavedImportMapping, SaveImportMappingRequest } from '../../src/api/types';
import { testStores } from './stores';
import type { Client } from './httpClient';
import { startTestServer, type TestServer } from './testServer';

/** The 沌口 GeoPackage's fields (test/fixtures/gdal/parcels-4547.gpkg) onto the schema. */
const DONGKOU: SaveImportMappingRequest = {
  layer: 'parcels',
  mapping: { fields: { id: 'DKBH', name: 'DKMC', landUse: 'DLBM', grade: 'DJ', far: 'RJL' }, landUseValues: { M1: '100101', '0601': '1001' } },
};

const path = (pid: string, name?: string): string => `/api/projects/${pid}/import-mappings${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`saved import mappings over HTTP — ${store.title}`, () => {
    let server: TestServer;
    let admin: Client;
    let planner: Client;
    let reviewer: Client;

    /** A fresh project: 王规划 plans it, reviewer reads it. */
    async function newProject(name: string): Promise<string> {
      const created = await admin.call<{ id: string }>('POST', '/api/projects', { name });
      expect(created.status).toBe(201);
      const pid = created.body.id;
      for (const [username, role] of [['王规划', 'planner'], ['reviewer', 'reviewer']]) {
        expect((await admin.call('POST', `/api/projects/${pid}/members`, { username, role })).status).toBe(200);
      }
      return pid;
    }

    const list = async (client: Client, pid: string): Promise<SavedImportMapping[]> => {
      const res = await client.call<SavedImportMapping[]>('GET', path(pid));
      expect(res.status).toBe(200);
      return res.body;
    };

    beforeAll(async () => {
      server = await startTestServer(store, 'users');
      admin = await server.login('admin');
      planner = await server.login('王规划');
      reviewer = await server.login('reviewer');
    });

    afterAll(() => server?.close());

    it('saves a mapping under a Chinese name, lists it to readers, overwrites and deletes it', async () => {
      const pid = await newProject('沌口映射');
      expect(await list(planner, pid)).toEqual([]);

      const saved = await planner.call<SavedImportMapping>('PUT', path(pid, '沌口宗地'), DONGKOU);
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ name: '沌口宗地', ...DONGKOU, updatedBy: '王规划' });
      expect(Number.isNaN(Date.parse(saved.body.updatedAt))).toBe(false);
      expect((await planner.call('PUT', path(pid, 'parks A'), { layer: 'parks', mapping: { fields: { name: 'YQMC', output: 'CZ' }, landUseValues: {} } })).status).toBe(200);

      // Readers see them (a reviewer too), by name.
      const listed = await list(reviewer, pid);
      expect(listed.map((m) => [m.name, m.layer])).toEqual([['parks A', 'parks'], ['沌口宗地', 'parcels']]);
      expect(listed[1]).toEqual(saved.body);

      // Saving the same name again replaces it (the admin saves it this time).
      const changed: SaveImportMappingRequest = { layer: 'parcels', mapping: { fields: { id: 'DKBH', name: 'DLMC' }, landUseValues: {} } };
      const overwritten = await admin.call<SavedImportMapping>('PUT', path(pid, '沌口宗地'), changed);
      expect(overwritten.status).toBe(200);
      const after = await list(planner, pid);
      expect(after).toHaveLength(2);
      expect(after.find((m) => m.name === '沌口宗地')).toMatchObject({ ...changed, updatedBy: 'admin' });

      expect(await planner.call('DELETE', path(pid, '沌口宗地'))).toEqual({ status: 200, body: { deleted: true } });
      expect((await list(planner, pid)).map((m) => m.name)).toEqual(['parks A']);
      const again = await planner.call<ApiError>('DELETE', path(pid, '沌口宗地'));
      expect(again.status).toBe(404);
      expect(again.body.message).toContain('沌口宗地');
    });

    it('lets a reviewer read but not save or delete', async () => {
      const pid = await newProject('审阅项目');
      expect((await planner.call('PUT', path(pid, 'kept'), DONGKOU)).status).toBe(200);
      const put = await reviewer.call<ApiError>('PUT', path(pid, 'mine'), DONGKOU);
      expect(put.status).toBe(403);
      expect(put.body.code).toBe('read-only');
      expect((await reviewer.call('DELETE', path(pid, 'kept'))).status).toBe(403);
      expect((await list(reviewer, pid)).map((m) => m.name)).toEqual(['kept']);
    });

    it('refuses a bad mapping with a 400 naming what is wrong, and stores nothing', async () => {
      const pid = await newProject('坏映射');
      const cases: Array<[unknown, string, RegExp]> = [
        [{ mapping: DONGKOU.mapping }, 'layer', /layer: must be one of/],
        [{ layer: 'roads', mapping: DONGKOU.mapping }, 'layer', /layer: must be one of districts/],
        [{ layer: 'parcels' }, 'mapping', /^mapping: send/],
        [{ layer: 'parcels', mapping: { fields: ['DKBH'], landUseValues: {} } }, 'mapping.fields', /object of attribute/],
        [{ layer: 'parcels', mapping: { fields: { 用地: 'DLBM' }, landUseValues: {} } }, 'mapping.fields.用地', /'用地' is not an attribute of parcels/],
        [{ layer: 'parcels', mapping: { fields: { 'park.output': 'CZ' }, landUseValues: {} } }, 'mapping.fields.park.output', /not an attribute/],
        [{ layer: 'parcels', mapping: { fields: { landUse: 7 }, landUseValues: {} } }, 'mapping.fields.landUse', /source field must be/],
        [{ layer: 'parcels', mapping: { fields: { landUse: 'DLBM' }, landUseValues: { M1: 'X999' } } }, 'mapping.landUseValues.M1', /"X999" is not a known land-use code/],
        [{ layer: 'parcels', mapping: { fields: {}, landUseValues: { M1: 100101 } } }, 'mapping.landUseValues.M1', /100101 is not a known land-use code/],
        [{ layer: 'parcels', mapping: { fields: {}, landUseValues: 'M1=100101' } }, 'mapping.landUseValues', /object of land-use value/],
      ];
      for (const [body, field, message] of cases) {
        const res = await planner.call<ApiError & { field: string }>('PUT', path(pid, 'bad'), body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.code).toBe('bad-import-mapping');
        expect(res.body.field).toBe(field);
        expect(res.body.message).toMatch(message);
        expect(res.body.message.startsWith(`${field}: `)).toBe(true);
      }
      const blank = await planner.call<ApiError & { field: string }>('PUT', path(pid, ' '), DONGKOU);
      expect([blank.status, blank.body.field]).toEqual([400, 'name']);
      expect(await list(planner, pid)).toEqual([]);
    });

    it('keeps each project’s mappings to itself', async () => {
      const mine = await newProject('甲项目');
      const theirs = await admin.call<{ id: string }>('POST', '/api/projects', { name: '乙项目' });
      const other = theirs.body.id;
      expect((await admin.call('PUT', path(other, '沌口宗地'), DONGKOU)).status).toBe(200);
      expect((await planner.call('PUT', path(mine, '沌口宗地'), { layer: 'parcels', mapping: { fields: { name: 'DKMC' }, landUseValues: {} } })).status).toBe(200);

      // The same name in two projects: two mappings, each seen only in its own project.
      expect((await list(planner, mine)).map((m) => m.mapping.fields)).toEqual([{ name: 'DKMC' }]);
      expect((await list(admin, other)).map((m) => m.mapping.fields)).toEqual([DONGKOU.mapping.fields]);
      // Not a member of the other project: it does not exist for the planner, read or write.
      expect((await planner.call('GET', path(other))).status).toBe(404);
      expect((await planner.call('PUT', path(other, '沌口宗地'), DONGKOU)).status).toBe(404);
      expect((await planner.call('DELETE', path(other, '沌口宗地'))).status).toBe(404);
      expect((await list(admin, other))).toHaveLength(1);
      // Deleting one project's mapping leaves the other's.
      expect((await planner.call('DELETE', path(mine, '沌口宗地'))).status).toBe(200);
      expect((await list(admin, other)).map((m) => m.name)).toEqual(['沌口宗地']);
    });
  });
}
