// The storage layer against every available store (PGlite always, PostgreSQL when
// PARKATLAS_TEST_DATABASE_URL is set): migrations, versioned writes with history,
// conflicts, all-or-nothing imports, restore, bbox queries, exact round trips, PostGIS.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { Db } from '../../src/server/store/db';
import { appliedMigrations, migrate, MIGRATIONS_DIR } from '../../src/server/store/migrate';
import {
  ConflictError,
  createFeature,
  deleteFeature,
  DuplicateIdError,
  featureHistory,
  getFeature,
  importFeatures,
  listFeatures,
  NotFoundError,
  restoreFeature,
  updateFeature,
  type StoreUser,
} from '../../src/server/store/features';
import { createProject } from '../../src/server/store/projects';
import { createSnapshot, listSnapshots, snapshotFeatures } from '../../src/server/store/snapshots';
import type { LayerName } from '../../src/domain/schema/kinds';
import { testStores } from './stores';

const MIGRATION_FILES = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();

const alice: StoreUser = { id: 'u-alice', username: 'alice' };
const bob: StoreUser = { id: 'u-bob', username: '王规划' };

/** A lon/lat square with its south-west corner at (x, y), counter-clockwise. */
function square(x: number, y: number, size = 0.01): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
  };
}

async function countRows(db: Db, table: 'features' | 'feature_history', projectId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE project_id = $1`, [projectId]);
  return rows[0].n;
}

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(store.title, () => {
    let db: Db;
    let firstRun: string[] = [];

    async function newProject(): Promise<string> {
      const project = await createProject(db, { id: `p-${randomUUID()}`, name: '武汉 2025 测试', user: alice });
      return project.id;
    }

    beforeAll(async () => {
      const t0 = performance.now();
      db = await store.open();
      const t1 = performance.now();
      firstRun = await migrate(db);
      const t2 = performance.now();
      console.info(`[${store.kind}] open ${Math.round(t1 - t0)} ms, first migrate ${Math.round(t2 - t1)} ms`);
    });

    afterAll(async () => {
      await store.dispose(db);
    });

    it('applies the migrations once and records them', async () => {
      expect(db.kind).toBe(store.kind);
      expect(firstRun).toEqual(MIGRATION_FILES);
      expect(await migrate(db)).toEqual([]);
      const recorded = await appliedMigrations(db);
      expect(recorded.map((m) => m.name)).toEqual(MIGRATION_FILES);
      expect(Number.isNaN(Date.parse(recorded[0].appliedAt))).toBe(false);
    });

    it('has PostGIS: postgis_version() and ellipsoidal areas of stored parcels', async () => {
      const [version] = await db.query<{ v: string }>('SELECT postgis_version() AS v');
      expect(version.v).toMatch(/^3\./);
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'parcels', id: 'P-1', properties: { landUse: '100101' }, geometry: square(114.3, 30.5), user: alice });
      const [row] = await db.query<{ area: number; srid: number }>(
        'SELECT ST_Area(geom::geography) AS area, ST_SRID(geom) AS srid FROM features WHERE project_id = $1 AND id = $2',
        [projectId, 'P-1'],
      );
      expect(row.srid).toBe(4490);
      expect(row.area).toBeGreaterThan(0);
      // 0.01° × 0.01° at 30.5° N is about 1.11 km × 0.96 km.
      expect(row.area / 1e6).toBeCloseTo(1.07, 1);
    });

    it('creates, lists, updates and deletes with versions and history', async () => {
      const projectId = await newProject();
      const created = await createFeature(db, {
        projectId, layer: 'parks', id: 'PK-1', properties: { name: '光谷园', tier: 'modern' }, geometry: square(114.4, 30.5), user: alice, comment: '新建',
      });
      expect(created).toMatchObject({ id: 'PK-1', layer: 'parks', version: 1, createdBy: alice.id, updatedBy: alice.id });
      expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

      const generated = await createFeature(db, { projectId, layer: 'parks', properties: { name: '无编号', tier: 'urban' }, geometry: square(114.5, 30.5), user: alice });
      expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);

      expect((await listFeatures(db, { projectId, layer: 'parks' })).map((f) => f.id).sort()).toEqual([generated.id, 'PK-1'].sort());
      expect(await listFeatures(db, { projectId, layer: 'parcels' })).toEqual([]);

      const updated = await updateFeature(db, {
        projectId, layer: 'parks', id: 'PK-1', version: 1, properties: { name: '光谷园', tier: 'specialty' }, geometry: square(114.4, 30.5, 0.02), user: bob,
      });
      expect(updated).toMatchObject({ version: 2, createdBy: alice.id, updatedBy: bob.id, properties: { tier: 'specialty' } });
      expect(await getFeature(db, { projectId, id: 'PK-1' })).toEqual(updated);

      // The layer is part of the address: the same id in another layer is not found.
      await expect(
        updateFeature(db, { projectId, layer: 'parcels', id: 'PK-1', version: 2, properties: {}, geometry: square(0, 0), user: bob }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        updateFeature(db, { projectId, layer: 'parks', id: 'nope', version: 1, properties: {}, geometry: square(0, 0), user: bob }),
      ).rejects.toBeInstanceOf(NotFoundError);

      expect(await deleteFeature(db, { projectId, layer: 'parks', id: 'PK-1', version: 2, user: alice, comment: '撤销' })).toEqual({ version: 3 });
      expect(await getFeature(db, { projectId, id: 'PK-1' })).toBeNull();
      expect((await listFeatures(db, { projectId, layer: 'parks' })).map((f) => f.id)).toEqual([generated.id]);

      const history = await featureHistory(db, { projectId, id: 'PK-1' });
      expect(history.map((h) => [h.version, h.action, h.username, h.comment])).toEqual([
        [1, 'create', 'alice', '新建'],
        [2, 'update', '王规划', null],
        [3, 'delete', 'alice', '撤销'],
      ]);
      expect(history[0].before).toBeNull();
      expect(history[0].after).toEqual({ properties: created.properties, geometry: created.geometry });
      expect(history[1].before).toEqual(history[0].after);
      expect(history[1].after).toEqual({ properties: updated.properties, geometry: updated.geometry });
      expect(history[2].before).toEqual(history[1].after);
      expect(history[2].after).toBeNull();

      // Writing to a deleted feature is a conflict with nothing current.
      const gone = await updateFeature(db, { projectId, layer: 'parks', id: 'PK-1', version: 2, properties: {}, geometry: square(0, 0), user: bob }).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ConflictError);
      expect((gone as ConflictError).current).toBeNull();
    });

    it('refuses a stale version with the current feature and overwrites nothing', async () => {
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'zones', id: 'Z-1', properties: { name: 'A' }, geometry: square(114, 30), user: alice });
      const v2 = await updateFeature(db, { projectId, layer: 'zones', id: 'Z-1', version: 1, properties: { name: 'B' }, geometry: square(114, 30), user: alice });

      const stale = await updateFeature(db, { projectId, layer: 'zones', id: 'Z-1', version: 1, properties: { name: 'C' }, geometry: square(115, 31), user: bob }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConflictError);
      expect((stale as ConflictError).current).toEqual(v2);
      const staleDelete = await deleteFeature(db, { projectId, layer: 'zones', id: 'Z-1', version: 1, user: bob }).catch((e: unknown) => e);
      expect(staleDelete).toBeInstanceOf(ConflictError);
      expect((staleDelete as ConflictError).current).toEqual(v2);

      expect(await getFeature(db, { projectId, id: 'Z-1' })).toEqual(v2);
      expect((await featureHistory(db, { projectId, id: 'Z-1' })).map((h) => h.action)).toEqual(['create', 'update']);
    });

    it('lets exactly one of 10 concurrent updates at the same version win', async () => {
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'parcels', id: 'P-RACE', properties: { landUse: '100101' }, geometry: square(114, 30), user: alice });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          updateFeature(db, {
            projectId, layer: 'parcels', id: 'P-RACE', version: 1, properties: { landUse: '100101', notes: `writer ${i}` }, geometry: square(114, 30), user: { id: `u-${i}`, username: `writer${i}` },
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof updateFeature>>>).value;
      expect(winner.version).toBe(2);
      for (const r of lost) {
        expect(r.reason).toBeInstanceOf(ConflictError);
        expect((r.reason as ConflictError).current).toEqual(winner);
      }
      const history = await featureHistory(db, { projectId, id: 'P-RACE' });
      expect(history.map((h) => [h.version, h.action])).toEqual([[1, 'create'], [2, 'update']]);
      expect(history[1].after?.properties).toEqual(winner.properties);
    });

    it('refuses a duplicate id and an unknown layer', async () => {
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'parcels', id: 'P-1', properties: {}, geometry: square(114, 30), user: alice });
      const dup = await createFeature(db, { projectId, layer: 'parks', id: 'P-1', properties: {}, geometry: square(114, 30), user: alice }).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(DuplicateIdError);
      expect((dup as DuplicateIdError).featureId).toBe('P-1');
      await expect(
        createFeature(db, { projectId, layer: 'roads' as LayerName, id: 'R-1', properties: {}, geometry: square(114, 30), user: alice }),
      ).rejects.toThrow(/check constraint|violates/i);
      // Only areas, only in existing projects.
      const point = { type: 'Point', coordinates: [114, 30] } as unknown as Polygon;
      await expect(createFeature(db, { projectId, layer: 'parcels', id: 'PT', properties: {}, geometry: point, user: alice })).rejects.toThrow(/check constraint|violates/i);
      await expect(createFeature(db, { projectId: 'no-such-project', layer: 'parcels', properties: {}, geometry: square(114, 30), user: alice })).rejects.toBeInstanceOf(NotFoundError);
      // The same id in another project is fine.
      const other = await newProject();
      await createFeature(db, { projectId: other, layer: 'parcels', id: 'P-1', properties: {}, geometry: square(114, 30), user: alice });
      expect(await countRows(db, 'features', projectId)).toBe(1);
      expect(await countRows(db, 'feature_history', projectId)).toBe(1);
    });

    it('imports all features or none', async () => {
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'parcels', id: 'P-2', properties: {}, geometry: square(114, 30), user: alice });
      const features = ['P-A', 'P-B', 'P-2', 'P-C', 'P-D'].map((id, i) => ({ id, properties: { landUse: '100101', name: `地块${i}` }, geometry: square(114 + i * 0.01, 30.1) }));
      const before = [await countRows(db, 'features', projectId), await countRows(db, 'feature_history', projectId)];

      const err = await importFeatures(db, { projectId, layer: 'parcels', features, user: bob }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateIdError);
      expect((err as DuplicateIdError).featureId).toBe('P-2');
      expect([await countRows(db, 'features', projectId), await countRows(db, 'feature_history', projectId)]).toEqual(before);

      // A duplicate inside the batch, and an unreadable geometry at the end: nothing either.
      const twice = [...features.filter((f) => f.id !== 'P-2'), { ...features[0] }];
      await expect(importFeatures(db, { projectId, layer: 'parcels', features: twice, user: bob })).rejects.toBeInstanceOf(DuplicateIdError);
      const broken = [...features.filter((f) => f.id !== 'P-2'), { id: 'P-X', properties: {}, geometry: { type: 'Polygon', coordinates: 'oops' } as unknown as Polygon }];
      await expect(importFeatures(db, { projectId, layer: 'parcels', features: broken, user: bob })).rejects.toThrow();
      expect([await countRows(db, 'features', projectId), await countRows(db, 'feature_history', projectId)]).toEqual(before);

      const ok = [...features.filter((f) => f.id !== 'P-2'), { properties: { landUse: '100102' }, geometry: square(114.2, 30.2) }];
      expect(await importFeatures(db, { projectId, layer: 'parcels', features: ok, user: bob })).toBe(5);
      const listed = await listFeatures(db, { projectId, layer: 'parcels' });
      expect(listed).toHaveLength(6);
      expect(listed.filter((f) => f.id.startsWith('P-')).map((f) => f.id)).toEqual(['P-2', 'P-A', 'P-B', 'P-C', 'P-D']);
      expect(listed.every((f) => f.version === 1)).toBe(true);
      const history = await featureHistory(db, { projectId, id: 'P-C' });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ action: 'import', version: 1, before: null, userId: bob.id, username: bob.username });
      expect(history[0].after).toEqual({ properties: features[3].properties, geometry: features[3].geometry });
    });

    it('restores an earlier version as a new version, also after a delete', async () => {
      const projectId = await newProject();
      const v1 = await createFeature(db, { projectId, layer: 'districts', id: 'D-1', properties: { name: '江夏区', kind: 'new-city' }, geometry: square(114.3, 30.3), user: alice });
      await updateFeature(db, { projectId, layer: 'districts', id: 'D-1', version: 1, properties: { name: '江夏', kind: 'central' }, geometry: square(114.3, 30.3, 0.05), user: bob });

      const v3 = await restoreFeature(db, { projectId, id: 'D-1', version: 1, user: alice, comment: '恢复' });
      expect(v3).toMatchObject({ version: 3, layer: 'districts', properties: v1.properties, geometry: v1.geometry, updatedBy: alice.id });

      // With currentVersion, a stale restore is a conflict.
      await expect(restoreFeature(db, { projectId, id: 'D-1', version: 2, user: bob, currentVersion: 2 })).rejects.toBeInstanceOf(ConflictError);
      await expect(restoreFeature(db, { projectId, id: 'D-1', version: 9, user: bob })).rejects.toBeInstanceOf(NotFoundError);

      await deleteFeature(db, { projectId, layer: 'districts', id: 'D-1', version: 3, user: bob });
      await expect(restoreFeature(db, { projectId, id: 'D-1', version: 4, user: bob })).rejects.toBeInstanceOf(NotFoundError);
      const v5 = await restoreFeature(db, { projectId, id: 'D-1', version: 2, user: alice, currentVersion: 4 });
      expect(v5).toMatchObject({ version: 5, properties: { name: '江夏', kind: 'central' } });
      expect(await getFeature(db, { projectId, id: 'D-1' })).toEqual(v5);

      const history = await featureHistory(db, { projectId, id: 'D-1' });
      expect(history.map((h) => [h.version, h.action])).toEqual([[1, 'create'], [2, 'update'], [3, 'restore'], [4, 'delete'], [5, 'restore']]);
      expect(history[2]).toMatchObject({ comment: '恢复', before: history[1].after, after: history[0].after });
      expect(history[4].before).toBeNull();
      expect(history[4].after).toEqual(history[1].after);

      // Concurrent restores of a deleted feature: unconditional ones all apply, one after
      // the other; with currentVersion exactly one does. The same on both stores.
      await deleteFeature(db, { projectId, layer: 'districts', id: 'D-1', version: 5, user: bob });
      const all = await Promise.all(Array.from({ length: 4 }, () => restoreFeature(db, { projectId, id: 'D-1', version: 1, user: bob })));
      expect(all.map((f) => f.version).sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
      await deleteFeature(db, { projectId, layer: 'districts', id: 'D-1', version: 10, user: bob });
      const raced = await Promise.allSettled(Array.from({ length: 4 }, () => restoreFeature(db, { projectId, id: 'D-1', version: 1, user: bob, currentVersion: 11 })));
      expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of raced) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      expect((await getFeature(db, { projectId, id: 'D-1' }))?.version).toBe(12);
      const versions = (await featureHistory(db, { projectId, id: 'D-1' })).map((h) => h.version);
      expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

      // A deleted id created again continues its versions.
      await deleteFeature(db, { projectId, layer: 'districts', id: 'D-1', version: 12, user: bob });
      const again = await createFeature(db, { projectId, layer: 'districts', id: 'D-1', properties: { name: '新', kind: 'central' }, geometry: square(114.3, 30.3), user: bob });
      expect(again.version).toBe(14);
    });

    it('filters by bbox on the geometry itself, not its bounding box', async () => {
      const projectId = await newProject();
      const triangle: Polygon = { type: 'Polygon', coordinates: [[[114, 30], [114.1, 30], [114, 30.1], [114, 30]]] };
      await createFeature(db, { projectId, layer: 'parcels', id: 'TRI', properties: {}, geometry: triangle, user: alice });
      await createFeature(db, { projectId, layer: 'parcels', id: 'IN', properties: {}, geometry: square(114.07, 30.07, 0.03), user: alice });
      await createFeature(db, { projectId, layer: 'parcels', id: 'FAR', properties: {}, geometry: square(116, 32), user: alice });
      await createFeature(db, { projectId, layer: 'parks', id: 'OTHER-LAYER', properties: {}, geometry: square(114.07, 30.07, 0.03), user: alice });
      await createFeature(db, {
        projectId, layer: 'parcels', id: 'MULTI', properties: {},
        geometry: { type: 'MultiPolygon', coordinates: [square(113, 29).coordinates, square(114.085, 30.085, 0.001).coordinates] }, user: alice,
      });

      // The box lies inside the triangle's bounding box but outside the triangle.
      const box = [114.08, 30.08, 114.09, 30.09] as const;
      expect((await listFeatures(db, { projectId, layer: 'parcels', bbox: box })).map((f) => f.id)).toEqual(['IN', 'MULTI']);
      expect((await listFeatures(db, { projectId, layer: 'parcels', bbox: [113.9, 29.9, 114.01, 30.01] })).map((f) => f.id)).toEqual(['TRI']);
      expect((await listFeatures(db, { projectId, layer: 'parcels', bbox: [100, 10, 101, 11] }))).toEqual([]);
      await expect(listFeatures(db, { projectId, layer: 'parcels', bbox: [1, 1, 0, 0] })).rejects.toThrow(RangeError);
    });

    it('round-trips 17-digit coordinates and Chinese text exactly', async () => {
      const projectId = await newProject();
      const geometry: Polygon = {
        type: 'Polygon',
        coordinates: [[
          [114.12345678901234, 30.987654321098766],
          [114.22345678901235, 30.987654321098766],
          [114.22345678901235, 31.087654321098768],
          [114.12345678901234, 30.987654321098766],
        ]],
      };
      const properties = {
        name: '武汉经济技术开发区（汉南区）·智能制造产业园 🏭',
        landUse: '100101',
        far: 0.30000000000000004,
        tiny: 1e-7,
        big: 12345678901234567000,
        negative: -0.1,
        flags: [true, false, null],
        nested: { 备注: '批而未征 "quoted" \\ back\nline', list: [1, 2.5, '三'] },
      };
      const created = await createFeature(db, { projectId, layer: 'parcels', id: '地块-001', properties, geometry, user: bob });
      expect(created.properties).toStrictEqual(properties);
      expect(created.geometry).toStrictEqual(geometry);
      const [listed] = await listFeatures(db, { projectId, layer: 'parcels' });
      expect(listed.id).toBe('地块-001');
      expect(listed.properties).toStrictEqual(properties);
      expect(listed.geometry).toStrictEqual(geometry);
      const [entry] = await featureHistory(db, { projectId, id: '地块-001' });
      expect(entry.after).toStrictEqual({ properties, geometry });
      // The derived PostGIS geometry carries the same digits.
      const [row] = await db.query<{ x: number }>('SELECT ST_XMin(geom) AS x FROM features WHERE project_id = $1', [projectId]);
      expect(row.x).toBe(114.12345678901234);
    });

    it('freezes the current features in a snapshot', async () => {
      const projectId = await newProject();
      await createFeature(db, { projectId, layer: 'parks', id: 'PK', properties: { name: '旧' }, geometry: square(114, 30), user: alice });
      await createFeature(db, { projectId, layer: 'parcels', id: 'P', properties: {}, geometry: square(114, 30), user: alice });
      const snap = await createSnapshot(db, { projectId, name: '2025 基期', user: alice });
      expect(snap).toMatchObject({ projectId, name: '2025 基期', createdBy: alice.id, featureCount: 2 });
      await updateFeature(db, { projectId, layer: 'parks', id: 'PK', version: 1, properties: { name: '新' }, geometry: square(114, 30), user: alice });

      expect(await listSnapshots(db, { projectId })).toEqual([snap]);
      const parks = await snapshotFeatures(db, { projectId, snapshotId: snap.id, layer: 'parks' });
      expect(parks).toEqual([{ id: 'PK', layer: 'parks', version: 1, properties: { name: '旧' }, geometry: square(114, 30) }]);
      expect(await snapshotFeatures(db, { projectId, snapshotId: snap.id })).toHaveLength(2);
      await expect(snapshotFeatures(db, { projectId: await newProject(), snapshotId: snap.id })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps everything across a close and reopen', async () => {
      const projectId = await newProject();
      const created = await createFeature(db, { projectId, layer: 'parcels', id: 'KEEP', properties: { name: '保留' }, geometry: square(114.5, 30.5), user: alice });
      const t0 = performance.now();
      db = await store.reopen(db);
      console.info(`[${store.kind}] reopen ${Math.round(performance.now() - t0)} ms`);
      expect(await migrate(db)).toEqual([]);
      expect(await getFeature(db, { projectId, id: 'KEEP' })).toEqual(created);
    });
  });
}
