// The exports over real HTTP on the demo city (20 854 parcels): GeoJSON (RFC 7946, every
// computed field, the rule results as a foreign member), FlatGeobuf read back by flatgeobuf
// and by GDAL's ogrinfo, the two CSVs, file names and the baseline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse, SnapshotInfo } from '../../src/api/types';
import { planarSignedArea2 } from '../../src/domain/geometry/orientation';
import { writeFlatGeobuf } from '../../src/io/flatgeobufWriter';
import type { ExportForeign } from '../../src/io/parcelExport';
import { DEMO_PROJECT } from '../../src/server/demo';
import { testStores } from './stores';
import { startTestServer, type TestServer } from './testServer';

const HAS_OGRINFO = spawnSync('ogrinfo', ['--version']).status === 0;
const COMPUTED = ['area_m2', 'area_mu', 'area_ha', 'park_id', 'park_share', 'district_id', 'national_zone_id', 'price_floor_yuan', 'price_floor_unit_yuan_m2', 'price_floor_factor', 'price_floor_table', 'price_floor_table_version', 'price_floor_reason'];

interface Download {
  status: number;
  type: string;
  disposition: string;
  bytes: Uint8Array;
  /** the body as UTF-8, byte-order mark kept */
  text: string;
}

async function readFgb(bytes: Uint8Array): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of fgb.deserialize(bytes) as AsyncGenerator<Feature>) out.push(f);
  return out;
}

/** flatgeobuf reads a null as an absent value: compare with absent ≡ null. */
const withNulls = (props: Record<string, unknown>, columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, props[c] ?? null]));

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`exports — ${store.title}`, () => {
    let server: TestServer;
    let base = '';
    let cookie = '';
    let csrf = '';
    let geo: FeatureCollection & ExportForeign;
    let geoDownload: Download;
    const tmp = mkdtempSync(join(tmpdir(), 'parkatlas-exports-'));

    async function get(path: string): Promise<Download> {
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      const bytes = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type') ?? '', disposition: r.headers.get('content-disposition') ?? '', bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
    }
    const exportUrl = (query: string) => `/api/projects/${DEMO_PROJECT}/export?${query}`;

    beforeAll(async () => {
      server = await startTestServer(store, 'demo');
      ({ base } = server);
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'planner', password: 'parkatlas-planner' }) });
      cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      csrf = ((await res.json()) as SessionResponse).csrfToken;
      geoDownload = await get(exportUrl('policy=wuhan-2025&format=geojson'));
      geo = JSON.parse(geoDownload.text) as FeatureCollection & ExportForeign;
    }, 300_000);

    afterAll(async () => {
      await server?.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('GeoJSON is RFC 7946 with every parcel, every computed field and the rules as a foreign member', async () => {
      expect(geoDownload.status).toBe(200);
      expect(geoDownload.type).toContain('application/geo+json');
      const today = new Date().toISOString().slice(0, 10);
      expect(geoDownload.disposition).toBe(`attachment; filename="${DEMO_PROJECT}-wuhan-2025-${today}.geojson"`);
      expect(geo).not.toHaveProperty('crs');
      expect(geo.features).toHaveLength(20_854);
      for (const f of geo.features) {
        for (const key of COMPUTED) expect(f.properties, `${String(f.id)} ${key}`).toHaveProperty(key);
        const shells = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
        for (const rings of shells) {
          rings.forEach((ring: Position[], r: number) => expect(planarSignedArea2(ring) > 0, `${String(f.id)} ring ${r} winding`).toBe(r === 0));
          for (const [lon, lat] of rings.flat()) expect(lon > 100 && lon < 125 && lat > 20 && lat < 40).toBe(true);
        }
      }
      const withFloor = geo.features.filter((f) => f.properties?.price_floor_yuan !== null);
      expect(withFloor.length).toBeGreaterThan(1000);
      expect(withFloor.length).toBeLessThan(geo.features.length); // some null floors: the FGB test needs them
      expect(withFloor[0].properties?.price_floor_table_version).toEqual(expect.any(String));
      const meta = geo.parkatlas;
      expect(meta).toMatchObject({ policy: 'wuhan-2025', policyVersion: expect.any(String), project: { id: DEMO_PROJECT, name: '武汉示范城市' }, baseline: null });
      expect(meta.method).toMatchObject({ ellipsoid: 'CGCS2000', semiMajorAxis: 6378137, inverseFlattening: 298.257222101, crs: 'EPSG:4490' });
      expect(Date.parse(meta.method.dataDate)).toBeLessThanOrEqual(Date.parse(meta.method.exportedAt));
      expect(meta.priceTables.length).toBeGreaterThan(0);
      for (const t of meta.priceTables) expect(t.version).toEqual(expect.any(String));
      const report = await get(`/api/projects/${DEMO_PROJECT}/report?policy=wuhan-2025`);
      expect(meta.rules).toEqual((JSON.parse(report.text) as { rules: unknown[] }).rules);
    });

    it("flatgeobuf's own serializer takes its columns from the first feature (why we write the header ourselves)", async () => {
      const square: Polygon = { type: 'Polygon', coordinates: [[[114, 30], [114.001, 30], [114.001, 30.001], [114, 30.001], [114, 30]]] };
      const features: Feature[] = [
        { type: 'Feature', properties: { id: 'a', floor: null }, geometry: square },
        { type: 'Feature', properties: { id: 'b', floor: 1234567.891011, note: '备注'.repeat(5000), extra: true }, geometry: square },
      ];
      const theirs = await readFgb(fgb.serialize({ type: 'FeatureCollection', features }, 4490));
      expect(theirs[1].properties).not.toEqual(features[1].properties); // 'note' and 'extra' dropped, 'floor' turned to text
      const ours = await readFgb(writeFlatGeobuf(features, 4490));
      expect(ours.map((f) => withNulls(f.properties ?? {}, ['id', 'floor', 'note', 'extra']))).toEqual([
        { id: 'a', floor: null, note: null, extra: null },
        features[1].properties,
      ]);
    });

    it('FlatGeobuf: every property of every feature reads back exactly as in the GeoJSON, and GDAL opens it', async () => {
      const download = await get(exportUrl('policy=wuhan-2025&format=fgb'));
      expect(download.status).toBe(200);
      expect(download.disposition).toMatch(new RegExp(`filename="${DEMO_PROJECT}-wuhan-2025-\\d{4}-\\d{2}-\\d{2}\\.fgb"`));
      const back = await readFgb(download.bytes);
      expect(back).toHaveLength(geo.features.length);
      const columns = [...new Set(geo.features.flatMap((f) => Object.keys(f.properties ?? {})))];
      for (let i = 0; i < back.length; i++) {
        expect(withNulls(back[i].properties ?? {}, columns), String(geo.features[i].id)).toEqual(withNulls(geo.features[i].properties ?? {}, columns));
        expect(back[i].geometry).toEqual(geo.features[i].geometry);
      }
      if (!HAS_OGRINFO) {
        console.warn('exports: ogrinfo check SKIPPED, GDAL missing (apt-get install gdal-bin; scripts/setup-system.sh does it as root)');
        return;
      }
      const file = join(tmp, 'parcels.fgb');
      writeFileSync(file, download.bytes);
      const info = spawnSync('ogrinfo', ['-al', '-so', file], { encoding: 'utf8' });
      expect(info.status, info.stderr).toBe(0);
      expect(info.stdout).toContain('Feature Count: 20854');
      expect(info.stdout).toMatch(/ID\["EPSG",4490\]/);
      for (const [field, type] of [['area_m2', 'Real'], ['price_floor_yuan', 'Real'], ['grade', 'Integer'], ['price_floor_reason', 'String'], ['priorityIndustry', 'Integer\\(Boolean\\)']]) {
        expect(info.stdout).toMatch(new RegExp(`^${field}: ${type}`, 'm'));
      }
    });

    it('parcels CSV and rules CSV: BOM, Chinese, and the rules CSV matches the report', async () => {
      const parcels = await get(exportUrl('policy=wuhan-2025&format=csv'));
      expect(parcels.disposition).toMatch(/-wuhan-2025-\d{4}-\d{2}-\d{2}-parcels\.csv"$/);
      expect(parcels.text.startsWith('\uFEFF')).toBe(true);
      expect(parcels.text.split('\r\n').filter(Boolean)).toHaveLength(20_855);
      expect(parcels.text).toMatch(/按70%|占位/);
      const rules = await get(exportUrl('policy=wuhan-2025&format=rules-csv'));
      expect(rules.disposition).toMatch(/-wuhan-2025-\d{4}-\d{2}-\d{2}-rules\.csv"$/);
      expect(rules.text.startsWith('\uFEFF政策包,规则,范围')).toBe(true);
      const report = JSON.parse((await get(`/api/projects/${DEMO_PROJECT}/report?policy=wuhan-2025`)).text) as { rules: Array<{ id: string; scope: string; title: string; value: number | null; status: string }> };
      const lines = rules.text.slice(1).trimEnd().split('\r\n').slice(1);
      expect(lines).toHaveLength(report.rules.length);
      const words: Record<string, string> = { pass: '达标', warn: '预警', fail: '未达标', 'n/a': '不适用' };
      report.rules.forEach((r, i) => {
        expect(lines[i].startsWith(`wuhan-2025 `)).toBe(true);
        expect(lines[i]).toContain(`,${r.id},${r.scope},`);
        expect(lines[i]).toContain(r.title);
        if (r.value !== null) expect(lines[i]).toContain(`,${r.value},`);
        expect(lines[i]).toContain(`,${words[r.status]},`);
      });
      const en = await get(exportUrl('policy=wuhan-2025&format=rules-csv&lang=en'));
      expect(en.text.startsWith('\uFEFFpack,rule,scope')).toBe(true);
    });

    it('a baseline snapshot feeds CQ-3; bad requests say what to fix', async () => {
      const snap = await fetch(`${base}/api/projects/${DEMO_PROJECT}/snapshots`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ name: '基准' }) });
      const { id } = (await snap.json()) as SnapshotInfo;
      const victim = geo.features.find((f) => f.properties?.landUse === '100102') as Feature;
      const version = (await (await fetch(`${base}/api/projects/${DEMO_PROJECT}/layers/parcels/features?bbox=${bboxOf(victim)}`, { headers: { cookie } })).json()) as FeatureCollection & { features: Array<Feature & { version: number }> };
      const stored = version.features.find((f) => f.id === victim.id) as Feature & { version: number };
      const del = await fetch(`${base}/api/projects/${DEMO_PROJECT}/layers/parcels/features/${String(victim.id)}?version=${stored.version}`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
      expect(del.status).toBe(200);
      const withBaseline = JSON.parse((await get(exportUrl(`policy=chongqing-2021&format=geojson&baseline=${id}`))).text) as FeatureCollection & ExportForeign;
      expect(withBaseline.parkatlas.baseline).toEqual({ id, name: '基准' });
      expect(withBaseline.parkatlas.rules.find((r) => r.id === 'CQ-3')?.status).toBe('fail');
      expect(withBaseline.features).toHaveLength(20_853);
      expect(Date.parse(withBaseline.parkatlas.method.dataDate)).toBeGreaterThan(Date.parse(geo.parkatlas.method.dataDate));
      const rulesCsv = await get(exportUrl(`policy=chongqing-2021&format=rules-csv&baseline=${id}`));
      expect(rulesCsv.text).toMatch(/,CQ-3,[^\r\n]*,未达标,/);
      expect(await get(exportUrl('policy=wuhan-2025&format=shp'))).toMatchObject({ status: 400 });
      expect((await get(exportUrl('policy=wuhan-2025&format=geojson&baseline=nope'))).text).toContain('unknown-snapshot');
    });
  });
}

function bboxOf(f: Feature): string {
  const points = (f.geometry.type === 'Polygon' ? f.geometry.coordinates.flat() : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.flat(2) : []) as Position[];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)].join(',');
}
