// Importing the files GDAL wrote (test/fixtures/gdal): every format gives the same parcels,
// the same attributes (Chinese intact) and the same areas as the source; bad input imports
// nothing and says why. Through the pipeline and through `npm run import` on a real store.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryArea } from '../../src/domain/geometry/area';
import type { AreaGeometry } from '../../src/domain/schema/kinds';
import { readSource } from '../../src/io/formats/readSource';
import { openSqlJs } from '../../src/io/formats/sqlJs';
import { ImportCancelled, prepareImport, type ImportFeature } from '../../src/io/import/prepareImport';
import { databaseFolder } from '../../src/server/dataFolder';
import { createUser } from '../../src/server/store/accounts';
import { createProject, listFeatures, migrate, openDb } from '../../src/server/store';

const GDAL = new URL('../fixtures/gdal/', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const source = JSON.parse(readFileSync(join(GDAL, 'parcels-wgs84.geojson'), 'utf8')) as FeatureCollection<Polygon>;
const byDkbh = new Map(source.features.map((f) => [String(f.properties?.DKBH), f]));

const FILES = ['parcels-wgs84.geojson', 'parcels-4490.fgb', 'parcels-4526-gbk.zip', 'parcels-4526-gbk-nocpg.zip', 'parcels-4547.gpkg', 'parcels-4547-legacy-crs.geojson'];

async function prepare(file: string, bytes = new Uint8Array(readFileSync(join(GDAL, file))), plan: { crs?: number } = {}) {
  const [layer] = await readSource(file, bytes, { sql: () => openSqlJs() });
  const features: ImportFeature[] = [];
  const prepared = await prepareImport(layer, { layer: 'parcels', ...plan }, undefined, { onChunk: (chunk) => void features.push(...chunk) });
  return { layer, prepared, features };
}

describe('import pipeline on the GDAL files', () => {
  for (const file of FILES) {
    it(`${file}: the same 210 parcels, attributes and areas (1e-6) as the source`, async () => {
      const { prepared, features } = await prepare(file);
      expect(prepared.errors).toEqual([]);
      expect(prepared.detection.code).not.toBeNull();
      expect(features).toHaveLength(210);
      for (const f of features) {
        const original = byDkbh.get(f.id);
        expect(original, f.id).toBeDefined();
        const props = original?.properties ?? {};
        // planners' names read as the schema, the originals kept too
        expect(f.properties).toMatchObject({ landUse: props.DLBM, grade: props.DJ, far: props.RJL, name: props.DKMC, DLMC: props.DLMC, DKMC: props.DKMC });
        const want = geometryArea(original?.geometry as AreaGeometry);
        expect(Math.abs(geometryArea(f.geometry) - want) / want, f.id).toBeLessThan(1e-6);
      }
    });
  }

  it('reads the shapefile without .cpg as GBK, detected', async () => {
    const { layer } = await prepare('parcels-4526-gbk-nocpg.zip');
    expect(layer.encoding).toMatchObject({ name: 'gb18030', source: 'detected' });
  });

  it('refuses a file read in the wrong CRS with the likely mistake', async () => {
    const { prepared, features } = await prepare('parcels-4526-gbk.zip', undefined, { crs: 4525 });
    expect(features).toHaveLength(0);
    expect(prepared.errors.map((e) => e.en).join('\n')).toMatch(/zone 38.*EPSG:4526|EPSG:4526/);
  });

  it('a file with one bad geometry imports nothing and names that feature', async () => {
    const broken = structuredClone(source);
    const bad = broken.features[17];
    const [a, b, c, d] = bad.geometry.coordinates[0];
    bad.geometry.coordinates[0] = [a, c, b, d, a]; // a bow tie
    const { prepared, features } = await prepare('broken.geojson', new TextEncoder().encode(JSON.stringify(broken)));
    expect(features).toHaveLength(0); // chunks stop at the first problem; nothing to write
    expect(prepared.errorCount).toBe(1);
    expect(prepared.errors[0]).toMatchObject({ feature: String(bad.properties?.DKBH), field: 'geometry' });
    expect(prepared.errors[0].zh).toMatch(/自相交|相交/);
    expect(prepared.errors[0].at).toHaveLength(2);
  });

  it('maps GB 50137 and 三调 codes to 2023 codes, and says so', async () => {
    const survey = structuredClone(source);
    for (const f of survey.features) {
      f.properties = { ...f.properties, DLBM: '0601', DLMC: '工业用地' };
    }
    survey.features[0].properties = { ...survey.features[0].properties, DLBM: 'M1', DLMC: '一类工业用地' };
    const { prepared, features } = await prepare('survey.geojson', new TextEncoder().encode(JSON.stringify(survey)));
    expect(prepared.mapping.landUseValues).toEqual({ '0601': '1001', M1: '100101' });
    expect(features.filter((f) => f.properties.landUse === '1001')).toHaveLength(209);
    expect(prepared.notes.map((n) => n.zh).join('\n')).toContain('三调');
  });

  it('stops when cancelled', async () => {
    const [layer] = await readSource('parcels-wgs84.geojson', new Uint8Array(readFileSync(join(GDAL, 'parcels-wgs84.geojson'))));
    const controller = new AbortController();
    controller.abort();
    await expect(prepareImport(layer, { layer: 'parcels' }, undefined, { signal: controller.signal })).rejects.toBeInstanceOf(ImportCancelled);
  });
});

const run = promisify(execFile);

describe('npm run import on a real store (PGlite + PostGIS)', () => {
  let folder = '';
  const env = () => ({ ...process.env, PARKATLAS_DATA: folder, DATABASE_URL: '' });
  const cli = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/import.ts'), ...args], { cwd: ROOT, env: env() }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const stored = async () => {
    const db = await openDb({ dataDir: databaseFolder(folder) });
    try {
      return await listFeatures(db, { projectId: 'imp', layer: 'parcels' });
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parkatlas-import-'));
    const db = await openDb({ dataDir: databaseFolder(folder) });
    await migrate(db);
    const admin = await createUser(db, { username: 'admin', password: 'admin-pw-1', role: 'admin' });
    await createProject(db, { id: 'imp', name: '导入测试', user: admin });
    await db.close();
  }, 120_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('refuses a file with a bad geometry (exit 1), writes nothing, names the feature', async () => {
    const broken = structuredClone(source);
    const bad = broken.features[3];
    const [a, b, c, d] = bad.geometry.coordinates[0];
    bad.geometry.coordinates[0] = [a, c, b, d, a];
    const file = join(folder, 'broken.geojson');
    writeFileSync(file, JSON.stringify(broken));
    const result = await cli([file, '--project', 'imp', '--layer', 'parcels', '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(String(bad.properties?.DKBH));
    expect(result.stderr).toContain('nothing was imported');
    expect(await stored()).toHaveLength(0);
  }, 120_000);

  it('--repair mends the bow tie, shows before and after, and (a dry run) writes nothing', async () => {
    const broken = structuredClone(source);
    const bad = broken.features[3];
    const [a, b, c, d] = bad.geometry.coordinates[0];
    bad.geometry.coordinates[0] = [a, c, b, d, a];
    const file = join(folder, 'broken-repair.geojson');
    writeFileSync(file, JSON.stringify(broken));
    const result = await cli([file, '--project', 'imp', '--layer', 'parcels', '--repair', '--dry-run', '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${String(bad.properties?.DKBH)}: split-bow-tie`);
    expect(result.stdout).toMatch(/checked 210 features/);
    expect(await stored()).toHaveLength(0);
  }, 120_000);

  it('imports the GeoPackage in EPSG:4547: 210 parcels, Chinese intact, areas as the source', async () => {
    const result = await cli([join(GDAL, 'parcels-4547.gpkg'), '--project', 'imp', '--layer', 'parcels', '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('EPSG:4547');
    expect(result.stdout).toMatch(/imported 210 parcels/);
    const features = await stored();
    expect(features).toHaveLength(210);
    for (const f of features) {
      const original = byDkbh.get(f.id);
      expect(f.properties.DKMC).toBe(original?.properties?.DKMC);
      const want = geometryArea(original?.geometry as AreaGeometry);
      expect(Math.abs(geometryArea(f.geometry) - want) / want).toBeLessThan(1e-6);
    }
  }, 120_000);

  it('refuses the same ids again, and overlaps with the parcels already there (exit 1)', async () => {
    const result = await cli([join(GDAL, 'parcels-4526-gbk.zip'), '--project', 'imp', '--layer', 'parcels', '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is taken in this project/);
    expect(await stored()).toHaveLength(210);
  }, 120_000);
});
