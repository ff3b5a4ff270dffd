import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { geometryArea } from '../../src/domain/geometry/area';
import { crsInfo, gaussKrugerCode, knownCodes } from '../../src/io/crs/definitions';
import { detectCrs, suggestCrs, type Detection, type Extent } from '../../src/io/crs/detect';
import { crsFromName, crsFromWkt } from '../../src/io/crs/prj';
import { checkInChina, emptyExtent, extendExtent, reprojectGeometry, reprojector } from '../../src/io/crs/reproject';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/gdal/${name}`, import.meta.url)));
const json = <T>(name: string): T => JSON.parse(new TextDecoder().decode(fixture(name))) as T;

type Parcels = FeatureCollection<Polygon, { DKBH: string }>;
const source = json<Parcels>('parcels-wgs84.geojson');
const sourceById = new Map(source.features.map((f) => [f.properties.DKBH, f.geometry]));
const legacy = json<Parcels & { crs: { properties: { name: string } } }>('parcels-4547-legacy-crs.geojson');

const shpZip = unzipSync(fixture('parcels-4526-gbk.zip'));
const prj4526 = new TextDecoder().decode(shpZip['parcels.prj']);

/** The polygons of a .shp (type 5), just enough for these fixtures: one ring list per record. */
function shpPolygons(shp: Uint8Array): Position[][][] {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  const out: Position[][][] = [];
  for (let at = 100; at < shp.byteLength; ) {
    const length = view.getInt32(at + 4, false) * 2;
    const c = at + 8;
    expect(view.getInt32(c, true)).toBe(5);
    const parts = view.getInt32(c + 36, true);
    const points = view.getInt32(c + 40, true);
    const starts = Array.from({ length: parts }, (_, i) => view.getInt32(c + 44 + 4 * i, true));
    const xy = c + 44 + 4 * parts;
    const rings = starts.map((s, i) =>
      Array.from({ length: (starts[i + 1] ?? points) - s }, (_, k) => [view.getFloat64(xy + 16 * (s + k), true), view.getFloat64(xy + 16 * (s + k) + 8, true)]),
    );
    out.push(rings);
    at = c + length;
  }
  return out;
}

/** A GeoPackage geometry blob: 'GP' header, envelope, then a WKB Polygon. */
function gpkgPolygon(blob: Uint8Array): Polygon {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  expect(String.fromCharCode(blob[0], blob[1])).toBe('GP');
  const envelope = [0, 32, 48, 48, 64][(blob[3] >> 1) & 7];
  let at = 8 + envelope;
  const le = blob[at] === 1;
  expect(view.getUint32(at + 1, le)).toBe(3);
  at += 5;
  const coordinates: Position[][] = [];
  const ringCount = view.getUint32(at, le);
  at += 4;
  for (let r = 0; r < ringCount; r++) {
    const n = view.getUint32(at, le);
    at += 4;
    const ring: Position[] = [];
    for (let k = 0; k < n; k++, at += 16) ring.push([view.getFloat64(at, le), view.getFloat64(at + 8, le)]);
    coordinates.push(ring);
  }
  return { type: 'Polygon', coordinates };
}

async function readGpkg(): Promise<{ wkts: Map<number, string>; parcels: { id: string; geometry: Polygon }[] }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fixture('parcels-4547.gpkg'));
  try {
    const wkts = new Map<number, string>();
    for (const [srsId, def] of db.exec('SELECT srs_id, definition FROM gpkg_spatial_ref_sys')[0].values) wkts.set(Number(srsId), String(def));
    const parcels = db.exec('SELECT DKBH, geom FROM parcels')[0].values.map(([id, geom]) => ({ id: String(id), geometry: gpkgPolygon(geom as Uint8Array) }));
    return { wkts, parcels };
  } finally {
    db.close();
  }
}

const extentOf = (polygons: Iterable<Polygon>): Extent => {
  const e = emptyExtent();
  for (const p of polygons) extendExtent(e, p);
  return e;
};

/** Largest coordinate difference between two rings, in either vertex order (shapefiles turn outer rings clockwise). */
function ringDiff(a: Position[], b: Position[]): number {
  expect(a.length).toBe(b.length);
  const diff = (bb: Position[]) => Math.max(...a.map((p, i) => Math.max(Math.abs(p[0] - bb[i][0]), Math.abs(p[1] - bb[i][1]))));
  return Math.min(diff(b), diff([...b].reverse()));
}

/** Reprojects every parcel and compares it with the lon/lat source: worst vertex (degrees) and worst relative area. */
function compareWithSource(parcels: { id: string; geometry: Polygon }[], code: number): { vertex: number; area: number } {
  const fn = reprojector(code);
  let vertex = 0;
  let area = 0;
  for (const { id, geometry } of parcels) {
    const expected = sourceById.get(id);
    if (!expected) throw new Error(`no source parcel ${id}`);
    const got = reprojectGeometry(geometry, fn);
    got.coordinates.forEach((ring, r) => (vertex = Math.max(vertex, ringDiff(ring, expected.coordinates[r]))));
    const a = geometryArea(expected);
    area = Math.max(area, Math.abs(geometryArea(got) - a) / a);
  }
  return { vertex, area };
}

const legacyParcels = legacy.features.map((f) => ({ id: f.properties.DKBH, geometry: f.geometry }));
const legacyExtent = extentOf(legacy.features.map((f) => f.geometry));
const shpRings = shpPolygons(shpZip['parcels.shp']);
// ogr2ogr keeps record order: the shapefile's records are the source's parcels in order
const shpParcels = shpRings.map((rings, i) => ({ id: source.features[i].properties.DKBH, geometry: { type: 'Polygon', coordinates: rings } as Polygon }));
const shpExtent = extentOf(shpParcels.map((p) => p.geometry));
const lonLatExtent = extentOf(source.features.map((f) => f.geometry));

describe('CRS definitions', () => {
  it('generates the CGCS2000 Gauss-Krüger families from their zone numbering', () => {
    expect(crsInfo(4526)).toEqual({
      code: 4526,
      name: { en: 'CGCS2000 / 3-degree Gauss-Kruger zone 38', zh: 'CGCS2000 3度带 第38带' },
      kind: 'gk3-prefix',
      datum: 'cgcs2000',
      zone: 38,
      centralMeridian: 114,
      falseEasting: 38_500_000,
      proj4: '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    });
    expect(crsInfo(4547)).toMatchObject({ kind: 'gk3', centralMeridian: 114, falseEasting: 500_000, name: { en: 'CGCS2000 / 3-degree Gauss-Kruger CM 114E' } });
    expect(crsInfo(4547)?.zone).toBeUndefined();
    // the ends of each run
    expect(crsInfo(4491)).toMatchObject({ kind: 'gk6-prefix', zone: 13, centralMeridian: 75, falseEasting: 13_500_000 });
    expect(crsInfo(4501)).toMatchObject({ kind: 'gk6-prefix', zone: 23, centralMeridian: 135 });
    expect(crsInfo(4502)).toMatchObject({ kind: 'gk6', centralMeridian: 75 });
    expect(crsInfo(4512)).toMatchObject({ kind: 'gk6', centralMeridian: 135 });
    expect(crsInfo(4513)).toMatchObject({ kind: 'gk3-prefix', zone: 25, centralMeridian: 75, falseEasting: 25_500_000 });
    expect(crsInfo(4533)).toMatchObject({ kind: 'gk3-prefix', zone: 45, centralMeridian: 135 });
    expect(crsInfo(4534)).toMatchObject({ kind: 'gk3', centralMeridian: 75 });
    expect(crsInfo(4554)).toMatchObject({ kind: 'gk3', centralMeridian: 135 });
    expect(crsInfo(4490)).toMatchObject({ kind: 'geographic', datum: 'cgcs2000' });
    expect(crsInfo(4326)).toMatchObject({ kind: 'geographic', datum: 'wgs84' });
    expect(crsInfo(4490)?.proj4).toBe('+proj=longlat +ellps=GRS80 +no_defs');
    expect(crsInfo(4490)?.centralMeridian).toBeUndefined();
    for (const code of [4489, 4555, 3857, 32650]) expect(crsInfo(code)).toBeUndefined();
    // 4491–4554 are all CGCS2000 Gauss-Krüger, with x_0 matching their prefix
    for (let code = 4491; code <= 4554; code++) {
      const info = crsInfo(code);
      expect(info?.datum).toBe('cgcs2000');
      expect(info?.proj4).toContain(`+lon_0=${info?.centralMeridian} `);
      expect(info?.proj4).toContain(`+x_0=${info?.zone ? info.zone * 1e6 + 500_000 : 500_000} `);
    }
  });

  it('recognises the Xian 1980 and Beijing 1954 Gauss-Krüger codes with their own ellipsoids', () => {
    expect(crsInfo(2362)).toMatchObject({ datum: 'xian80', kind: 'gk3-prefix', zone: 38, centralMeridian: 114, name: { en: 'Xian 1980 / 3-degree Gauss-Kruger zone 38', zh: '西安1980 3度带 第38带' } });
    expect(crsInfo(2327)).toMatchObject({ datum: 'xian80', kind: 'gk6-prefix', zone: 13, centralMeridian: 75 });
    expect(crsInfo(2338)).toMatchObject({ datum: 'xian80', kind: 'gk6', centralMeridian: 75 });
    expect(crsInfo(2390)).toMatchObject({ datum: 'xian80', kind: 'gk3', centralMeridian: 135 });
    expect(crsInfo(2362)?.proj4).toContain('+a=6378140 +rf=298.257');
    expect(crsInfo(2414)).toMatchObject({ datum: 'beijing54', kind: 'gk3-prefix', zone: 38, name: { en: 'Beijing 1954 / 3-degree Gauss-Kruger zone 38' } });
    expect(crsInfo(2442)).toMatchObject({ datum: 'beijing54', kind: 'gk3', centralMeridian: 135 });
    expect(crsInfo(21413)).toMatchObject({ datum: 'beijing54', kind: 'gk6-prefix', zone: 13, falseEasting: 13_500_000 });
    expect(crsInfo(21463)).toMatchObject({ datum: 'beijing54', kind: 'gk6', centralMeridian: 135 });
    expect(crsInfo(21473)).toMatchObject({ datum: 'beijing54', kind: 'gk6', centralMeridian: 75 });
    expect(crsInfo(2414)?.proj4).toContain('+ellps=krass');
    expect(crsInfo(4610)).toMatchObject({ datum: 'xian80', kind: 'geographic' });
    expect(crsInfo(4214)).toMatchObject({ datum: 'beijing54', kind: 'geographic' });
    // no invented towgs84 for datums without reliable public parameters
    for (const code of knownCodes()) expect(crsInfo(code)?.proj4).not.toContain('towgs84');
  });

  it('finds a code from projection parameters', () => {
    expect(gaussKrugerCode('cgcs2000', 114, 38_500_000)).toBe(4526);
    expect(gaussKrugerCode('cgcs2000', 114, 500_000)).toBe(4547);
    expect(gaussKrugerCode('cgcs2000', 117, 20_500_000)).toBe(4498);
    // CM 111 is both 3° zone 37 and 6° zone 19: the definitions are identical, the 3° code is given
    expect(gaussKrugerCode('cgcs2000', 111, 500_000)).toBe(4546);
    expect(gaussKrugerCode('xian80', 114, 38_500_000)).toBe(2362);
    // a prefix whose zone does not have this central meridian
    expect(gaussKrugerCode('cgcs2000', 111, 38_500_000)).toBeUndefined();
    expect(gaussKrugerCode('cgcs2000', 114.5, 500_000)).toBeUndefined();
  });
});

describe('CRS from the texts in files', () => {
  it('reads the ESRI .prj of the zone-38 shapefile (no EPSG code in it) as EPSG:4526', () => {
    expect(prj4526).toContain('PROJCS["CGCS2000_3_Degree_GK_Zone_38"');
    expect(prj4526).not.toContain('AUTHORITY');
    expect(crsFromWkt(prj4526)).toEqual({
      code: 4526,
      datum: 'cgcs2000',
      name: 'CGCS2000_3_Degree_GK_Zone_38',
      projection: { centralMeridian: 114, falseEasting: 38_500_000, scaleFactor: 1 },
    });
  });

  it('reads the GeoPackage srs definitions: the stated code, and the same without it from the parameters', async () => {
    const { wkts } = await readGpkg();
    const wkt4547 = wkts.get(4547) ?? '';
    expect(crsFromWkt(wkt4547)).toMatchObject({ code: 4547, datum: 'cgcs2000', name: 'CGCS2000 / 3-degree Gauss-Kruger CM 114E' });
    // the nested GEOGCS says 4490: only the root's own AUTHORITY counts
    expect(wkt4547).toContain('AUTHORITY["EPSG","4490"]');
    const stripped = wkt4547.replace(/,AUTHORITY\["EPSG","\d+"\]/g, '');
    expect(stripped).not.toContain('AUTHORITY');
    expect(crsFromWkt(stripped)).toMatchObject({ code: 4547, projection: { centralMeridian: 114, falseEasting: 500_000, scaleFactor: 1 } });
    expect(crsFromWkt(wkts.get(4326) ?? '')).toMatchObject({ code: 4326, datum: 'wgs84' });
    expect(crsFromWkt((wkts.get(4326) ?? '').replace(/,AUTHORITY\["EPSG","\d+"\]/g, ''))).toMatchObject({ code: 4326, datum: 'wgs84' });
  });

  it('reads a GEOGCS alone as 4490 for CGCS2000, and the Xian 80 / Beijing 54 datum names', () => {
    const geog = (datum: string, gcs = 'GCS') =>
      `GEOGCS["${gcs}",DATUM["${datum}",SPHEROID["x",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;
    expect(crsFromWkt(geog('D_China_2000', 'GCS_China_Geodetic_Coordinate_System_2000'))).toMatchObject({ code: 4490, datum: 'cgcs2000' });
    expect(crsFromWkt(geog('CGCS_2000'))).toMatchObject({ code: 4490, datum: 'cgcs2000' });
    expect(crsFromWkt(geog('Unknown', 'China Geodetic Coordinate System 2000'))).toMatchObject({ code: 4490, datum: 'cgcs2000' });
    expect(crsFromWkt(geog('D_WGS_1984'))).toMatchObject({ code: 4326, datum: 'wgs84' });
    expect(crsFromWkt(geog('D_Xian_1980'))).toMatchObject({ code: 4610, datum: 'xian80' });
    expect(crsFromWkt(geog('Beijing_1954'))).toMatchObject({ code: 4214, datum: 'beijing54' });
    expect(crsFromWkt(geog('D_New_Beijing'))).toMatchObject({ datum: 'unknown' });
    expect(crsFromWkt(geog('D_New_Beijing')).code).toBeUndefined();

    const xianPrj = prj4526
      .replace('CGCS2000_3_Degree_GK_Zone_38', 'Xian_1980_3_Degree_GK_Zone_38')
      .replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Xian_1980')
      .replace('D_China_2000', 'D_Xian_1980')
      .replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Xian_1980",6378140.0,298.257]');
    expect(crsFromWkt(xianPrj)).toMatchObject({ code: 2362, datum: 'xian80' });
    const beijingPrj = xianPrj.replace('D_Xian_1980', 'D_Beijing_1954').replace(/Xian_1980/g, 'Beijing_1954');
    expect(crsFromWkt(beijingPrj)).toMatchObject({ code: 2414, datum: 'beijing54' });
    // a Transverse Mercator that is not a standard zone: parameters read, no code
    const odd = prj4526.replace('PARAMETER["Central_Meridian",114.0]', 'PARAMETER["Central_Meridian",114.5]');
    expect(crsFromWkt(odd)).toMatchObject({ datum: 'cgcs2000', projection: { centralMeridian: 114.5 } });
    expect(crsFromWkt(odd).code).toBeUndefined();
    const feet = prj4526.replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]');
    expect(crsFromWkt(feet)).toMatchObject({ unsupported: 'unit Foot_US' });
    expect(crsFromWkt(feet).code).toBeUndefined();
  });

  it('reads WKT2 (as PROJ writes it) by its ID, and by its parameters without it', () => {
    const wkt2 =
      'PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",' +
      'ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]],' +
      'CONVERSION["3-degree Gauss-Kruger CM 114E",METHOD["Transverse Mercator",ID["EPSG",9807]],' +
      'PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],' +
      'PARAMETER["Longitude of natural origin",114,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],' +
      'PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],' +
      'PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],' +
      'CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],' +
      'USAGE[SCOPE["Cadastre."],AREA["China - 112°30\'E to 115°30\'E"],BBOX[21.52,112.5,45.45,115.5]],ID["EPSG",4547]]';
    expect(crsFromWkt(wkt2)).toMatchObject({ code: 4547, datum: 'cgcs2000' });
    const withoutId = wkt2.replace(/,ID\["EPSG",4547\]\]$/, ']');
    expect(crsFromWkt(withoutId)).toMatchObject({ code: 4547, datum: 'cgcs2000', projection: { centralMeridian: 114, falseEasting: 500_000, scaleFactor: 1 } });
  });

  it('reads CRS names: the legacy GeoJSON crs member, EPSG:nnnn, OGC URLs and CRS84', () => {
    expect(legacy.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4547');
    expect(crsFromName(legacy.crs.properties.name)).toBe(4547);
    expect(crsFromName('EPSG:4490')).toBe(4490);
    expect(crsFromName('epsg:4526')).toBe(4526);
    expect(crsFromName('urn:ogc:def:crs:EPSG:6.6:4547')).toBe(4547);
    expect(crsFromName('http://www.opengis.net/def/crs/EPSG/0/4490')).toBe(4490);
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
    expect(crsFromName('CGCS2000')).toBeUndefined();
  });

  it('returns no code for text that is not WKT, or a projection it does not read', () => {
    expect(crsFromWkt('hello').code).toBeUndefined();
    const lcc = prj4526.replace('PROJECTION["Gauss_Kruger"]', 'PROJECTION["Lambert_Conformal_Conic"]');
    expect(crsFromWkt(lcc)).toMatchObject({ datum: 'cgcs2000', unsupported: 'projection Lambert_Conformal_Conic' });
    expect(crsFromWkt(lcc).code).toBeUndefined();
  });
});

describe('CRS detection on the GDAL fixtures', () => {
  it('legacy GeoJSON: EPSG:4547 from its crs member, certain', () => {
    const code = crsFromName(legacy.crs.properties.name);
    expect(code).toBe(4547);
    expect(detectCrs({ kind: 'epsg', code: code ?? 0 }, legacyExtent)).toEqual({ code: 4547, source: 'file', confidence: 'certain', warnings: [] });
  });

  it('shapefile: EPSG:4526 from its .prj, certain', () => {
    expect(shpRings).toHaveLength(source.features.length);
    expect(detectCrs({ kind: 'wkt', wkt: prj4526 }, shpExtent)).toEqual({ code: 4526, source: 'file', confidence: 'certain', warnings: [] });
  });

  it('GeoPackage: EPSG:4547 from its srs definition', async () => {
    const { wkts, parcels } = await readGpkg();
    const extent = extentOf(parcels.map((p) => p.geometry));
    expect(detectCrs({ kind: 'wkt', wkt: wkts.get(4547) ?? '' }, extent)).toMatchObject({ code: 4547, confidence: 'certain' });
  });

  it('shapefile coordinates alone: zone 38 from the x prefix, likely, with a warning that the datum is assumed', () => {
    expect(Math.floor(shpExtent.minX / 1e6)).toBe(38);
    const d = detectCrs({ kind: 'none' }, shpExtent);
    expect(d).toMatchObject({ code: 4526, source: 'coordinates', confidence: 'likely' });
    expect(d.warnings.map((w) => w.code)).toEqual(['crs-assumed']);
    expect(d.warnings[0].en).toContain('EPSG:4526');
    expect(d.warnings[0].zh).toContain('西安1980');
  });

  it('4547 coordinates alone: need-crs, asking for the central meridian with candidates', () => {
    const d = detectCrs({ kind: 'none' }, legacyExtent);
    expect(d).toMatchObject({ code: null, source: 'coordinates', confidence: 'unknown', problem: { code: 'need-crs' } });
    expect(d.problem?.en).toContain('--crs');
    expect(d.problem?.en).toContain('EPSG:4547');
    expect(d.problem?.zh).toContain('中央经线');
    // with the city's longitude (Wuhan 114.3°E) the nearest zones are offered, 114°E first
    const near = detectCrs({ kind: 'none' }, legacyExtent, { nearLongitude: 114.3 });
    expect(near.problem?.en).toMatch(/Likely: EPSG:4547 .*EPSG:4548 .*EPSG:4546 /);
    expect(suggestCrs(legacyExtent, { nearLongitude: 114.3 }).map((s) => s.code)).toEqual([4547, 4548, 4546]);
    expect(suggestCrs(legacyExtent).map((s) => s.code)).toEqual(Array.from({ length: 21 }, (_, i) => 4534 + i));
  });

  it('lon/lat coordinates alone: EPSG:4490, likely', () => {
    expect(detectCrs({ kind: 'none' }, lonLatExtent)).toEqual({ code: 4490, source: 'coordinates', confidence: 'likely', warnings: [] });
  });

  it('suggests the detected zone and its neighbours, with names', () => {
    const s = suggestCrs(shpExtent);
    expect(s.map((c) => c.code)).toEqual([4526, 4525, 4527, 2362, 2414]);
    expect(s[0].name).toEqual({ en: 'CGCS2000 / 3-degree Gauss-Kruger zone 38', zh: 'CGCS2000 3度带 第38带' });
    expect(suggestCrs(lonLatExtent).map((c) => c.code)).toEqual([4490, 4326]);
  });
});

describe('CRS mistakes, each named', () => {
  it('(a) zone-38 x declared as zone 37: says both, and the right code', () => {
    const d = detectCrs({ kind: 'epsg', code: 4525 }, shpExtent);
    expect(d.code).toBeNull();
    expect(d.problem?.code).toBe('zone-mismatch');
    expect(d.problem?.en).toContain('3° zone 38 with prefix (x ≈ 38 515 356)');
    expect(d.problem?.en).toContain('the file says 3° zone 37 with prefix (EPSG:4525): use EPSG:4526');
    expect(d.problem?.zh).toContain('第38带');
    expect(d.problem?.zh).toContain('第37带');
    expect(d.problem?.zh).toContain('EPSG:4526');
    // the same through a .prj saying zone 37
    const prj37 = prj4526.replace('38500000.0', '37500000.0').replace('"Central_Meridian",114.0', '"Central_Meridian",111.0');
    expect(detectCrs({ kind: 'wkt', wkt: prj37 }, shpExtent).problem?.code).toBe('zone-mismatch');
    // why it must be caught before reprojection: read as zone 37 the data lands in China, 700 km east
    const wrong = extentOf(shpParcels.map((p) => reprojectGeometry(p.geometry, reprojector(4525))));
    expect(wrong.minX).toBeGreaterThan(121);
    expect(checkInChina(wrong, { code: 4525, source: 'file', confidence: 'certain', warnings: [] })).toBeNull();
  });

  it('(b) lon/lat numbers declared as projected metres', () => {
    const d = detectCrs({ kind: 'epsg', code: 4547 }, { minX: 114.2, minY: 30.5, maxX: 114.3, maxY: 30.6 });
    expect(d).toMatchObject({ code: null, problem: { code: 'lonlat-as-projected' } });
    expect(d.problem?.en).toContain('look like longitude/latitude, not metres');
    expect(d.problem?.en).toContain('EPSG:4490');
    expect(d.problem?.zh).toContain('经纬度');
    // and the real lon/lat fixture declared as 4547
    expect(detectCrs({ kind: 'epsg', code: 4547 }, lonLatExtent).problem?.code).toBe('lonlat-as-projected');
    // read anyway, it would land on the equator: checkInChina refuses it
    const fn = reprojector(4547);
    const e = extentOf(source.features.map((f) => reprojectGeometry(f.geometry, fn)));
    expect(e.maxY).toBeLessThan(0.001);
    const refused = checkInChina(e, { code: 4547, source: 'file', confidence: 'certain', warnings: [] });
    expect(refused?.code).toBe('outside-china');
    expect(refused?.en).toContain('outside China');
  });

  it('(c) x and y swapped (northing first), in metres and in degrees', () => {
    const swap = (e: Extent): Extent => ({ minX: e.minY, maxX: e.maxY, minY: e.minX, maxY: e.maxX });
    const declared = detectCrs({ kind: 'epsg', code: 4547 }, swap(legacyExtent));
    expect(declared).toMatchObject({ code: null, problem: { code: 'axes-swapped' } });
    expect(declared.problem?.en).toContain('northing first');
    expect(declared.problem?.en).toContain('x (3 374 444…3 378 643) looks like a northing');
    expect(declared.problem?.zh).toContain('颠倒');
    expect(detectCrs({ kind: 'wkt', wkt: prj4526 }, swap(shpExtent)).problem?.code).toBe('axes-swapped');
    expect(detectCrs({ kind: 'none' }, swap(shpExtent)).problem?.code).toBe('axes-swapped');
    expect(detectCrs({ kind: 'none' }, swap(legacyExtent)).problem?.code).toBe('axes-swapped');
    const latFirst = detectCrs({ kind: 'epsg', code: 4490 }, swap(lonLatExtent));
    expect(latFirst.problem?.code).toBe('axes-swapped');
    expect(latFirst.problem?.en).toContain('looks like a latitude');
    // read anyway (northing as easting): outside China, and the message says swapped
    const fn = reprojector(4547);
    const swapped = extentOf(legacyParcels.map((p) => reprojectGeometry({ type: 'Polygon', coordinates: p.geometry.coordinates.map((r) => r.map(([x, y]) => [y, x])) }, fn)));
    const refused = checkInChina(swapped, { code: 4547, source: 'file', confidence: 'certain', warnings: [] });
    expect(refused?.code).toBe('outside-china');
    expect(refused?.en).toContain('swapped');
  });

  it('(d) unprefixed metres declared as a prefixed code, and the reverse', () => {
    const d = detectCrs({ kind: 'epsg', code: 4526 }, legacyExtent);
    expect(d).toMatchObject({ code: null, problem: { code: 'prefix-missing' } });
    expect(d.problem?.en).toContain('x (515 356…519 844) has no zone prefix');
    expect(d.problem?.en).toContain('Use EPSG:4547');
    expect(d.problem?.zh).toContain('不带带号');
    const reverse = detectCrs({ kind: 'epsg', code: 4547 }, shpExtent);
    expect(reverse).toMatchObject({ code: null, problem: { code: 'prefix-unexpected' } });
    expect(reverse.problem?.en).toContain('zone number 38');
    expect(reverse.problem?.en).toContain('Use EPSG:4526');
    // metres declared as lon/lat
    expect(detectCrs({ kind: 'epsg', code: 4490 }, shpExtent).problem).toMatchObject({ code: 'metres-as-lonlat' });
    expect(detectCrs({ kind: 'epsg', code: 4490 }, shpExtent).problem?.en).toContain('EPSG:4526');
  });

  it('Xian 1980 / Beijing 1954: never silently CGCS2000; read only when the shift is accepted', () => {
    for (const code of [2362, 2414]) {
      const d = detectCrs({ kind: 'epsg', code }, shpExtent);
      expect(d.code).toBeNull();
      expect(d.problem?.code).toBe('datum-shift');
      expect(d.warnings.map((w) => w.code)).toEqual(['datum-shift']);
      expect(d.problem?.en).toContain('differ from CGCS2000 by');
      expect(d.problem?.en).toContain('only if you confirm');
      expect(d.problem?.zh).toContain('官方转换参数');
      const accepted = detectCrs({ kind: 'epsg', code }, shpExtent, { acceptDatumShift: true });
      expect(accepted).toMatchObject({ code, confidence: 'certain' });
      expect(accepted.problem).toBeUndefined();
      expect(accepted.warnings[0].code).toBe('datum-shift');
    }
    expect(detectCrs({ kind: 'epsg', code: 2362 }, shpExtent).problem?.en).toContain('Xian 1980 differ from CGCS2000 by up to ~100 m');
    const xianPrj = prj4526.replace('D_China_2000', 'D_Xian_1980').replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Xian_1980",6378140.0,298.257]');
    expect(detectCrs({ kind: 'wkt', wkt: xianPrj }, shpExtent)).toMatchObject({ code: null, problem: { code: 'datum-shift' } });
    // on its own ellipsoid, the same numbers land within metres of the CGCS2000 reading (the unknown datum shift is not applied)
    const p = shpParcels[0].geometry.coordinates[0][0];
    const asCgcs = reprojector(4526)(p);
    const asXian = reprojector(2362)(p);
    const asBeijing = reprojector(2414)(p);
    expect(Math.abs(asXian[0] - asCgcs[0]) + Math.abs(asXian[1] - asCgcs[1])).toBeGreaterThan(1e-7);
    expect(Math.abs(asXian[1] - asCgcs[1])).toBeLessThan(1e-4);
    expect(Math.abs(asBeijing[1] - asCgcs[1])).toBeGreaterThan(1e-4);
  });

  it('unsupported codes and unknown datums are refused with what to do', () => {
    const web = detectCrs({ kind: 'epsg', code: 3857 }, shpExtent);
    expect(web).toMatchObject({ code: null, problem: { code: 'unsupported-crs' } });
    expect(web.problem?.en).toContain('ogr2ogr -t_srs EPSG:4490');
    const unknownDatum = prj4526.replace('D_China_2000', 'D_Something').replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Something');
    const d = detectCrs({ kind: 'wkt', wkt: unknownDatum }, shpExtent);
    expect(d.problem?.code).toBe('unsupported-crs');
    expect(d.problem?.en).toContain('datum not recognised');
    expect(d.problem?.en).toContain('--crs EPSG:4526');
    expect(() => reprojector(3857)).toThrow(/EPSG:3857/);
    expect(detectCrs({ kind: 'none' }, emptyExtent()).problem?.code).toBe('no-coordinates');
    expect(detectCrs({ kind: 'none' }, { minX: 38_515_355, maxX: 39_100_000, minY: 3_374_444, maxY: 3_378_643 }).problem?.code).toBe('mixed-zones');
    expect(detectCrs({ kind: 'none' }, { minX: 2e9, maxX: 3e9, minY: 1, maxY: 2 }).problem?.code).toBe('unrecognised-coordinates');
  });

  it('WGS 84 Gauss-Krüger .prj: read as the CGCS2000 zone, with a warning', () => {
    const wgs = prj4526.replace('D_China_2000', 'D_WGS_1984').replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_WGS_1984');
    const d = detectCrs({ kind: 'wkt', wkt: wgs }, shpExtent);
    expect(d).toMatchObject({ code: 4526, source: 'file', confidence: 'likely' });
    expect(d.warnings.map((w) => w.code)).toEqual(['wgs84-as-cgcs2000']);
  });
});

describe('reprojection to CGCS2000 lon/lat', () => {
  it('EPSG:4547 legacy GeoJSON → lon/lat: every vertex of every parcel within 1e-8° of the GDAL source, areas within 1e-6', () => {
    expect(legacyParcels).toHaveLength(210);
    const { vertex, area } = compareWithSource(legacyParcels, 4547);
    expect(vertex).toBeLessThan(1e-8);
    expect(area).toBeLessThan(1e-6);
  });

  it('EPSG:4526 shapefile (x ≈ 38 5xx xxx) → lon/lat: the same parcels', () => {
    const { vertex, area } = compareWithSource(shpParcels, 4526);
    expect(vertex).toBeLessThan(1e-8);
    expect(area).toBeLessThan(1e-6);
    // the zone-38 and CM-114 numbers differ by exactly the prefix
    expect(shpParcels[0].geometry.coordinates[0][0][0] - legacyParcels[0].geometry.coordinates[0][0][0]).toBeCloseTo(38e6, 3);
  });

  it('EPSG:4547 GeoPackage → lon/lat: the same parcels', async () => {
    const { parcels } = await readGpkg();
    expect(parcels).toHaveLength(210);
    const { vertex, area } = compareWithSource(parcels, 4547);
    expect(vertex).toBeLessThan(1e-8);
    expect(area).toBeLessThan(1e-6);
  });

  it('agrees with an independent proj4 round trip across the zones, and with known values', () => {
    for (const code of [4491, 4497, 4513, 4526, 4533, 4534, 4547, 4554, 4502, 4512]) {
      const info = crsInfo(code);
      if (!info?.centralMeridian) throw new Error(`no CM for ${code}`);
      const lonLat = [info.centralMeridian + 0.7, 31.25];
      const xy = proj4('EPSG:4326', info.proj4, lonLat);
      const back = reprojector(code)(xy);
      expect(Math.abs(back[0] - lonLat[0])).toBeLessThan(1e-10);
      expect(Math.abs(back[1] - lonLat[1])).toBeLessThan(1e-10);
    }
    // on the central meridian, x is the false easting and the equator is y = 0
    const origin = reprojector(4526)([38_500_000, 0]);
    expect(origin[0]).toBeCloseTo(114, 12);
    expect(origin[1]).toBe(0);
  });

  it('4326/4490 are identity: the same numbers, new arrays, z kept', () => {
    const p = [114.16261393, 30.49226767, 12.5];
    for (const code of [4326, 4490]) {
      const q = reprojector(code)(p);
      expect(q).toEqual(p);
      expect(q).not.toBe(p);
    }
    expect(reprojector(4547)([515_361.409, 3_374_444.007, 7])[2]).toBe(7);
  });

  it('reprojectGeometry is pure: a new object, the input untouched, every geometry type', () => {
    const g = legacy.features[0].geometry;
    const before = JSON.stringify(g);
    const out = reprojectGeometry(g, reprojector(4547));
    expect(JSON.stringify(g)).toBe(before);
    expect(out).not.toBe(g);
    expect(out.type).toBe('Polygon');
    const fn = reprojector(4547);
    const p = g.coordinates[0][0];
    const collection = reprojectGeometry(
      {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: p },
          { type: 'MultiPoint', coordinates: [p] },
          { type: 'LineString', coordinates: [p, p] },
          { type: 'MultiLineString', coordinates: [[p, p]] },
          { type: 'MultiPolygon', coordinates: [g.coordinates] },
        ],
      },
      fn,
    );
    const expected = fn(p);
    expect(collection.geometries.map((c) => JSON.stringify(c)).join()).not.toContain(String(p[0]));
    expect(collection.geometries[0]).toEqual({ type: 'Point', coordinates: expected });
    expect(collection.geometries[4]).toEqual({ type: 'MultiPolygon', coordinates: [out.coordinates] });
  });

  it('checkInChina passes the fixtures and refuses results elsewhere, naming the likely mistake', () => {
    const fromFile: Detection = { code: 4547, source: 'file', confidence: 'certain', warnings: [] };
    const fn = reprojector(4547);
    expect(checkInChina(extentOf(legacyParcels.map((p) => reprojectGeometry(p.geometry, fn))), fromFile)).toBeNull();
    expect(checkInChina(emptyExtent(), fromFile)).toBeNull();
    // metres east of CM 120°E read as CM 135°E (EPSG:4554): just east of China, the wrong zone
    const east = [[600_000, 3_374_444], [610_000, 3_384_444]].map(reprojector(4554));
    const far = { minX: east[0][0], minY: east[0][1], maxX: east[1][0], maxY: east[1][1] };
    expect(far.minX).toBeGreaterThan(136);
    const wrongZone = checkInChina(far, { code: 4554, source: 'coordinates', confidence: 'likely', warnings: [] });
    expect(wrongZone?.en).toContain('Likely the wrong zone: EPSG:4554 has its central meridian at 135°E');
    expect(wrongZone?.en).toContain('from the coordinates alone');
    expect(wrongZone?.zh).toContain('中央经线');
    // prefixed numbers read without a prefix cannot be projected at all
    const broken = extentOf(shpParcels.map((p) => reprojectGeometry(p.geometry, fn)));
    const notFit = checkInChina(broken, fromFile);
    expect(notFit?.code).toBe('outside-china');
    expect(notFit?.en).toContain('cannot be projected');
    // lon/lat elsewhere
    const paris = checkInChina({ minX: 2.3, minY: 48.8, maxX: 2.4, maxY: 48.9 }, { code: 4326, source: 'file', confidence: 'certain', warnings: [] });
    expect(paris?.en).toContain('longitude 2.3…2.4, latitude 48.8…48.9');
  });
});
