import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGpkgGeometry, readGeoPackage } from '../../src/io/formats/geopackage';
import { FormatError, type RawFeature, type SourceLayer } from '../../src/io/formats/source';
import { openSqlJs } from '../../src/io/formats/sqlJs';
import { parseWkb } from '../../src/io/formats/wkb';
import { mulberry32 } from '../../scripts/random';

const GDAL = new URL('../fixtures/gdal/', import.meta.url);
const EPSG_4547 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

// ---- a WKB writer of our own, to build buffers byte by byte ----

type Order = 'LE' | 'BE';
type Dim = 'XY' | 'XYZ' | 'XYM' | 'XYZM';
/** how the dimension is written into the type code */
type Flavour = 'iso' | 'ewkb';

class Bytes {
  private readonly parts: number[] = [];
  constructor(private readonly order: Order) {}
  byte(b: number): this {
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const d = new DataView(new ArrayBuffer(4));
    d.setUint32(0, v, this.order === 'LE');
    this.parts.push(...new Uint8Array(d.buffer));
    return this;
  }
  f64(...vs: number[]): this {
    for (const v of vs) {
      const d = new DataView(new ArrayBuffer(8));
      d.setFloat64(0, v, this.order === 'LE');
      this.parts.push(...new Uint8Array(d.buffer));
    }
    return this;
  }
  raw(bytes: Uint8Array): this {
    this.parts.push(...bytes);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const BASE: Record<Geometry['type'], number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };

function typeCode(base: number, dim: Dim, flavour: Flavour): number {
  if (flavour === 'iso') return base + { XY: 0, XYZ: 1000, XYM: 2000, XYZM: 3000 }[dim];
  return (base | (dim === 'XYZ' || dim === 'XYZM' ? 0x80000000 : 0) | (dim === 'XYM' || dim === 'XYZM' ? 0x40000000 : 0)) >>> 0;
}

/** extra ordinates written after x y, distinct per vertex so a reader mixing them up is caught */
function extra(dim: Dim, p: Position): number[] {
  return { XY: [], XYZ: [p[0] + 1000], XYM: [-7], XYZM: [p[0] + 1000, -7] }[dim];
}

interface EncodeOptions {
  order: Order;
  dim: Dim;
  flavour: Flavour;
  /** byte order of each nested member, when it should differ from the outer one */
  memberOrder?: Order;
}

function encode(g: Geometry, o: EncodeOptions): Uint8Array {
  const b = new Bytes(o.order).byte(o.order === 'LE' ? 1 : 0).u32(typeCode(BASE[g.type], o.dim, o.flavour));
  const pt = (p: Position): void => void b.f64(p[0], p[1], ...extra(o.dim, p));
  const line = (ps: Position[]): void => {
    b.u32(ps.length);
    ps.forEach(pt);
  };
  const rings = (rs: Position[][]): void => {
    b.u32(rs.length);
    rs.forEach(line);
  };
  const member = { ...o, order: o.memberOrder ?? o.order };
  switch (g.type) {
    case 'Point':
      pt(g.coordinates);
      break;
    case 'LineString':
      line(g.coordinates);
      break;
    case 'Polygon':
      rings(g.coordinates);
      break;
    case 'MultiPoint':
      b.u32(g.coordinates.length);
      for (const c of g.coordinates) b.raw(encode({ type: 'Point', coordinates: c }, member));
      break;
    case 'MultiLineString':
      b.u32(g.coordinates.length);
      for (const c of g.coordinates) b.raw(encode({ type: 'LineString', coordinates: c }, member));
      break;
    case 'MultiPolygon':
      b.u32(g.coordinates.length);
      for (const c of g.coordinates) b.raw(encode({ type: 'Polygon', coordinates: c }, member));
      break;
    case 'GeometryCollection':
      b.u32(g.geometries.length);
      for (const c of g.geometries) b.raw(encode(c, member));
      break;
  }
  return b.done();
}

function formatError(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

async function formatErrorAsync(f: () => Promise<unknown>): Promise<FormatError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

async function collect(layer: SourceLayer): Promise<RawFeature[]> {
  const out: RawFeature[] = [];
  for await (const f of layer.features()) out.push(f);
  return out;
}

// ---- WKB ----

describe('WKB, hand-built buffers', () => {
  it('a little-endian 2D point, byte by byte', () => {
    // 01 | 01000000 | x = 114.5 | y = 30.25
    const bytes = Uint8Array.from([0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0xa0, 0x5c, 0x40, 0, 0, 0, 0, 0, 0x40, 0x3e, 0x40]);
    expect(parseWkb(bytes)).toEqual({ type: 'Point', coordinates: [114.5, 30.25] });
  });

  it('a big-endian 2D point, byte by byte', () => {
    const bytes = Uint8Array.from([0x00, 0, 0, 0, 0x01, 0x40, 0x5c, 0xa0, 0, 0, 0, 0, 0, 0x40, 0x3e, 0x40, 0, 0, 0, 0, 0]);
    expect(parseWkb(bytes)).toEqual({ type: 'Point', coordinates: [114.5, 30.25] });
  });

  it('every type in both byte orders and every Z/M spelling comes back as 2D', () => {
    const square: Position[] = [[515361.40914254397, 3374444.00735393], [515612.369770538, 3374444.3658442292], [515612.00773631973, 3374695.761960461], [515361.40914254397, 3374444.00735393]];
    const hole: Position[] = [[515400.5, 3374500.25], [515450.125, 3374500.25], [515450.125, 3374550.0625], [515400.5, 3374500.25]];
    const geometries: Geometry[] = [
      { type: 'Point', coordinates: [0.1 + 0.2, -0] },
      { type: 'LineString', coordinates: [[1, 2], [3, 4], [5e-300, -1.7976931348623157e308]] },
      { type: 'Polygon', coordinates: [square, hole] },
      { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
      { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 10]]] },
      { type: 'MultiPolygon', coordinates: [[square, hole], [hole]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Polygon', coordinates: [hole] }] },
    ];
    let cases = 0;
    for (const g of geometries) {
      for (const order of ['LE', 'BE'] as const) {
        for (const dim of ['XY', 'XYZ', 'XYM', 'XYZM'] as const) {
          for (const flavour of ['iso', 'ewkb'] as const) {
            const got = parseWkb(encode(g, { order, dim, flavour, memberOrder: order === 'LE' ? 'BE' : 'LE' }));
            expect(got, `${g.type} ${order} ${dim} ${flavour}`).toEqual(g);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(7 * 2 * 4 * 2);
  });

  it('ISO type codes 1001–3007 are read as Z, M and ZM', () => {
    const line: Geometry = { type: 'LineString', coordinates: [[1, 2], [3, 4]] };
    for (const [code, perVertex] of [[1002, 3], [2002, 3], [3002, 4]] as const) {
      const b = new Bytes('LE').byte(1).u32(code).u32(2);
      for (const p of line.coordinates) b.f64(p[0], p[1], ...Array<number>(perVertex - 2).fill(99));
      expect(parseWkb(b.done())).toEqual(line);
    }
    expect(parseWkb(new Bytes('BE').byte(0).u32(3007).u32(0).done())).toEqual({ type: 'GeometryCollection', geometries: [] });
  });

  it('reads from an offset, as inside a GeoPackage blob', () => {
    const wkb = encode({ type: 'Point', coordinates: [7, 8] }, { order: 'LE', dim: 'XY', flavour: 'iso' });
    const padded = new Uint8Array(13 + wkb.length);
    padded.set(wkb, 13);
    expect(parseWkb(padded, 13)).toEqual({ type: 'Point', coordinates: [7, 8] });
  });

  it('POINT EMPTY (NaN NaN) is the empty GeoJSON point', () => {
    expect(parseWkb(new Bytes('LE').byte(1).u32(1).f64(NaN, NaN).done())).toEqual({ type: 'Point', coordinates: [] });
  });

  it('round trip: random geometries encoded here read back exactly', () => {
    const rand = mulberry32(4547);
    const coord = (): Position => [300000 + rand() * 400000, 2e6 + rand() * 3e6];
    const ring = (): Position[] => {
      const ps = Array.from({ length: 3 + Math.floor(rand() * 20) }, coord);
      return [...ps, ps[0]];
    };
    const polygon = (): Position[][] => Array.from({ length: 1 + Math.floor(rand() * 3) }, ring);
    for (let i = 0; i < 200; i++) {
      const g: Geometry = i % 2 === 0 ? { type: 'Polygon', coordinates: polygon() } : { type: 'MultiPolygon', coordinates: Array.from({ length: 1 + Math.floor(rand() * 4) }, polygon) };
      const opts: EncodeOptions = { order: rand() < 0.5 ? 'LE' : 'BE', dim: (['XY', 'XYZ', 'XYM', 'XYZM'] as const)[i % 4], flavour: rand() < 0.5 ? 'iso' : 'ewkb' };
      expect(parseWkb(encode(g, opts))).toEqual(g);
    }
  });

  it('bad WKB says what is wrong', () => {
    const point = encode({ type: 'Point', coordinates: [1, 2] }, { order: 'LE', dim: 'XY', flavour: 'iso' });
    expect(formatError(() => parseWkb(point.subarray(0, 15))).message).toMatch(/cut short: coordinate at byte 5 needs 16 bytes, only 10 left/);
    expect(formatError(() => parseWkb(Uint8Array.from([7, 1, 0, 0, 0]))).message).toMatch(/byte order \(0 or 1\) but is 7/);
    expect(formatError(() => parseWkb(new Bytes('LE').byte(1).u32(99).done())).message).toMatch(/unknown WKB geometry type code 99/);
    const curve = formatError(() => parseWkb(new Bytes('LE').byte(1).u32(1010).done()));
    expect(curve.message).toMatch(/CurvePolygon.*CONVERT_TO_LINEAR/);
    expect(curve.messageZh).toMatch(/CurvePolygon/);
    expect(formatError(() => parseWkb(new Bytes('LE').byte(1).u32(0x20000001).u32(4326).f64(1, 2).done())).message).toMatch(/SRID/);
    // a MultiPolygon whose member is a LineString
    const wrongMember = new Bytes('LE').byte(1).u32(6).u32(1).raw(encode({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, { order: 'LE', dim: 'XY', flavour: 'iso' })).done();
    expect(formatError(() => parseWkb(wrongMember)).message).toMatch(/MultiPolygon member 1 \(byte 9\) is a LineString, not a Polygon/);
    // a corrupt point count is refused before anything is allocated
    expect(formatError(() => parseWkb(new Bytes('LE').byte(1).u32(2).u32(0xffffffff).done())).message).toMatch(/cut short/);
  });
});

// ---- GeoPackage geometry blob ----

function gpkgBlob(wkb: Uint8Array, o: { envelope?: number; empty?: boolean; littleHeader?: boolean; srsId?: number; magic?: string; version?: number; extended?: boolean } = {}): Uint8Array {
  const envelope = o.envelope ?? 0;
  const little = o.littleHeader ?? true;
  const flags = (little ? 1 : 0) | (envelope << 1) | (o.empty ? 0x10 : 0) | (o.extended ? 0x20 : 0);
  const magic = o.magic ?? 'GP';
  const b = new Bytes(little ? 'LE' : 'BE').byte(magic.charCodeAt(0)).byte(magic.charCodeAt(1)).byte(o.version ?? 0).byte(flags);
  const d = new DataView(new ArrayBuffer(4));
  d.setInt32(0, o.srsId ?? 4547, little);
  b.raw(new Uint8Array(d.buffer));
  // envelope values that are not the geometry's, so reading them as WKB would show
  b.f64(...Array<number>([0, 4, 6, 6, 8][envelope] ?? 0).fill(-123.5));
  return b.raw(wkb).done();
}

describe('GeoPackage geometry blob', () => {
  const polygon: Polygon = { type: 'Polygon', coordinates: [[[515361.5, 3374444.25], [515612.5, 3374444.25], [515612.5, 3374695.75], [515361.5, 3374444.25]]] };
  const wkb = encode(polygon, { order: 'LE', dim: 'XY', flavour: 'iso' });

  it('skips each envelope size (none, xy, xyz, xym, xyzm) in either header byte order', () => {
    for (const envelope of [0, 1, 2, 3, 4]) {
      for (const littleHeader of [true, false]) {
        expect(parseGpkgGeometry(gpkgBlob(wkb, { envelope, littleHeader, srsId: 4547 })), `envelope ${envelope}`).toEqual({ geometry: polygon, srsId: 4547 });
      }
    }
  });

  it('the empty flag gives no geometry', () => {
    expect(parseGpkgGeometry(gpkgBlob(encode({ type: 'Point', coordinates: [NaN, NaN] }, { order: 'LE', dim: 'XY', flavour: 'iso' }), { empty: true }))).toEqual({ geometry: null, srsId: 4547 });
  });

  it('refuses what is not a standard GeoPackage blob', () => {
    expect(formatError(() => parseGpkgGeometry(wkb)).message).toMatch(/no 'GP' header/);
    expect(formatError(() => parseGpkgGeometry(gpkgBlob(wkb, { envelope: 5 }))).message).toMatch(/envelope indicator 5/);
    expect(formatError(() => parseGpkgGeometry(gpkgBlob(wkb, { extended: true }))).message).toMatch(/extended geometry types/);
    expect(formatError(() => parseGpkgGeometry(gpkgBlob(wkb, { version: 1 }))).message).toMatch(/version 2 is not supported/);
  });
});

// ---- GeoPackage files ----

describe('GeoPackage written by GDAL (parcels-4547.gpkg)', () => {
  let sql: SqlJsStatic;
  let layers: SourceLayer[];
  let features: RawFeature[];
  const source = JSON.parse(readFileSync(new URL('parcels-wgs84.geojson', GDAL), 'utf8')) as FeatureCollection<Polygon>;
  const sourceByDkbh = new Map(source.features.map((f): [string, Feature<Polygon>] => [String(f.properties?.DKBH), f]));

  beforeAll(async () => {
    sql = await openSqlJs();
    layers = await readGeoPackage(new Uint8Array(readFileSync(new URL('parcels-4547.gpkg', GDAL))), sql);
    features = await collect(layers[0]);
  });

  it('offers one layer, parcels, in EPSG:4547 with 210 features', () => {
    expect(layers.map((l) => l.name)).toEqual(['parcels']);
    expect(layers[0].crs).toEqual({ kind: 'epsg', code: 4547 });
    expect(layers[0].count).toBe(210);
    expect(layers[0].fields).toEqual(['DKBH', 'DKMC', 'DLBM', 'DLMC', 'YDXZ', 'DJ', 'RJL', 'BZ']);
    expect(features).toHaveLength(210);
  });

  it('the fid is the feature id, not an attribute', () => {
    expect(features.map((f) => f.id)).toEqual(Array.from({ length: 210 }, (_, i) => i + 1));
    for (const f of features) expect(Object.keys(f.properties)).toEqual(layers[0].fields);
  });

  it('attributes (Chinese text, integers, decimals) equal the source GeoJSON per DKBH', () => {
    const seen = new Set<string>();
    for (const f of features) {
      const dkbh = String(f.properties.DKBH);
      const src = sourceByDkbh.get(dkbh);
      expect(src, dkbh).toBeDefined();
      expect(f.properties).toEqual(src!.properties);
      seen.add(dkbh);
    }
    expect(seen.size).toBe(210);
    expect(features.some((f) => f.properties.BZ === '标准厂房；鼓励类制造业')).toBe(true);
  });

  it('polygons have the source ring structure, in 3° zone metres without zone prefix, where PROJ puts them', () => {
    const toGk = proj4('EPSG:4326', EPSG_4547);
    let worst = 0;
    for (const f of features) {
      const src = sourceByDkbh.get(String(f.properties.DKBH))!.geometry;
      expect(f.geometry?.type).toBe('Polygon');
      const got = (f.geometry as Polygon).coordinates;
      expect(got.map((r) => r.length)).toEqual(src.coordinates.map((r) => r.length));
      got.forEach((ring, r) =>
        ring.forEach(([x, y], v) => {
          expect(x).toBeGreaterThan(300_000);
          expect(x).toBeLessThan(700_000);
          expect(y).toBeGreaterThan(3_300_000);
          expect(y).toBeLessThan(3_400_000);
          const [ex, ey] = toGk.forward(src.coordinates[r][v]);
          worst = Math.max(worst, Math.hypot(x - ex, y - ey));
        }),
      );
    }
    // GDAL (PROJ) and proj4js agree to far below a millimetre
    expect(worst).toBeLessThan(1e-6);
  });

  it('features() can be read again, and stopped early', async () => {
    let n = 0;
    for await (const f of layers[0].features()) {
      expect(f.id).toBe(++n);
      if (n === 3) break;
    }
    expect((await collect(layers[0])).length).toBe(210);
  });
});

describe('GeoPackage files built here', () => {
  let sql: SqlJsStatic;
  beforeAll(async () => {
    sql = await openSqlJs();
  });

  const WKT_4490 = 'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
  const core = `
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);`;

  function build(sqlText: string): Uint8Array {
    const db = new sql.Database();
    db.run(sqlText);
    const bytes = db.export();
    db.close();
    return bytes;
  }

  it('one layer per feature table, CRS from EPSG code, WKT definition, or undefined srs 0', async () => {
    const point = (x: number, y: number, srsId: number): Uint8Array => gpkgBlob(encode({ type: 'Point', coordinates: [x, y] }, { order: 'LE', dim: 'XY', flavour: 'iso' }), { srsId, envelope: 1 });
    const db = new sql.Database();
    db.run(core);
    db.run(`
      INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 (custom)', 100001, 'ACME', 7, '${WKT_4490}', NULL), ('CGCS2000 / 3-degree GK CM 114E', 4547, 'epsg', 4547, 'PROJCS[...]', NULL);
      INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('地块', 'features', 4547), ('custom', 'features', 100001), ('nocrs', 'features', 0), ('notes', 'attributes', NULL);
      INSERT INTO gpkg_geometry_columns VALUES ('地块', 'geom', 'POINT', 4547, 0, 0), ('custom', 'shape', 'POINT', 100001, 0, 0), ('nocrs', 'geom', 'POINT', 0, 0, 0);
      CREATE TABLE "地块" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "地块名称" TEXT, code INTEGER, area REAL, raw BLOB);
      CREATE TABLE custom (id INTEGER PRIMARY KEY, name TEXT, shape POINT);
      CREATE TABLE nocrs (fid INTEGER PRIMARY KEY, geom POINT);
      CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT);`);
    db.run('INSERT INTO "地块" VALUES (?, ?, ?, ?, ?, ?)', [5, point(515000.25, 3374000.5, 4547), '沌口"1"号, 东', '9007199254740993', 0.1, Uint8Array.from([1, 2, 3])]);
    db.run('INSERT INTO "地块" VALUES (?, ?, ?, ?, ?, ?)', [9, null, null, 42, null, null]);
    db.run('INSERT INTO "地块" VALUES (?, ?, ?, ?, ?, ?)', [12, gpkgBlob(encode({ type: 'Point', coordinates: [NaN, NaN] }, { order: 'BE', dim: 'XY', flavour: 'iso' }), { empty: true }), '', -7, 2.5, null]);
    db.run('INSERT INTO custom VALUES (?, ?, ?)', [1, 'a', point(114.25, 30.5, 100001)]);
    db.run('INSERT INTO nocrs VALUES (?, ?)', [1, point(1, 2, 0)]);
    db.run('INSERT INTO notes VALUES (1, ?)', ['not a layer']);
    const bytes = db.export();
    db.close();

    const layers = await readGeoPackage(bytes, sql);
    expect(layers.map((l) => [l.name, l.crs, l.fields, l.count])).toEqual([
      ['地块', { kind: 'epsg', code: 4547 }, ['地块名称', 'code', 'area', 'raw'], 3],
      ['custom', { kind: 'wkt', wkt: WKT_4490 }, ['name'], 1],
      ['nocrs', { kind: 'none' }, [], 1],
    ]);
    expect(await collect(layers[0])).toEqual([
      // an INTEGER past 2^53 is kept as its exact digits, not rounded to ...992
      { id: 5, properties: { 地块名称: '沌口"1"号, 东', code: '9007199254740993', area: 0.1, raw: Uint8Array.from([1, 2, 3]) }, geometry: { type: 'Point', coordinates: [515000.25, 3374000.5] } },
      { id: 9, properties: { 地块名称: null, code: 42, area: null, raw: null }, geometry: null },
      { id: 12, properties: { 地块名称: '', code: -7, area: 2.5, raw: null }, geometry: null },
    ]);
    expect(await collect(layers[1])).toEqual([{ id: 1, properties: { name: 'a' }, geometry: { type: 'Point', coordinates: [114.25, 30.5] } }]);
  });

  it('a geometry blob in another srs than its column is refused, naming layer, feature and column', async () => {
    const db = new sql.Database();
    db.run(core);
    db.run(`INSERT INTO gpkg_spatial_ref_sys VALUES ('x', 4547, 'EPSG', 4547, 'PROJCS[...]', NULL), ('y', 4490, 'EPSG', 4490, 'GEOGCS[...]', NULL);
      INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('parcels', 'features', 4547);
      INSERT INTO gpkg_geometry_columns VALUES ('parcels', 'geom', 'POINT', 4547, 0, 0);
      CREATE TABLE parcels (fid INTEGER PRIMARY KEY, geom POINT);`);
    const wkb = encode({ type: 'Point', coordinates: [114.2, 30.5] }, { order: 'LE', dim: 'XY', flavour: 'iso' });
    db.run('INSERT INTO parcels VALUES (1, ?), (7, ?)', [gpkgBlob(wkb, { srsId: 4547 }), gpkgBlob(wkb, { srsId: 4490 })]);
    db.run('INSERT INTO parcels VALUES (8, ?)', [wkb]);
    const bytes = db.export();
    db.close();
    const [layer] = await readGeoPackage(bytes, sql);
    const e = await formatErrorAsync(() => collect(layer));
    expect(e.message).toMatch(/^layer "parcels", feature fid=7, column geom: the geometry says srs_id 4490 but the layer's column is declared srs_id 4547/);
    expect(e.messageZh).toMatch(/图层 “parcels” 要素 fid=7 的 geom 列/);
  });

  it('a file that is not SQLite, an SQLite file that is not a GeoPackage, and a GeoPackage without feature layers', async () => {
    const notSqlite = await formatErrorAsync(() => readGeoPackage(new Uint8Array(readFileSync(new URL('parcels-wgs84.geojson', GDAL))), sql));
    expect(notSqlite.message).toMatch(/not an SQLite database/);
    expect(notSqlite.messageZh).toMatch(/不是 SQLite 数据库/);

    const plain = build('CREATE TABLE parcels (id INTEGER PRIMARY KEY, wkt TEXT);');
    expect((await formatErrorAsync(() => readGeoPackage(plain, sql))).message).toMatch(/not a GeoPackage: it has no gpkg_contents table/);

    const tilesOnly = build(`${core}
      INSERT INTO gpkg_contents (table_name, data_type) VALUES ('basemap', 'tiles'), ('notes', 'attributes');`);
    const e = await formatErrorAsync(() => readGeoPackage(tilesOnly, sql));
    expect(e.message).toMatch(/this GeoPackage has no feature layers \(only tiles\/attributes tables: basemap \(tiles\), notes \(attributes\)\)/);
    expect(e.messageZh).toMatch(/没有要素图层/);

    // the SQLite header, then garbage: what a truncated download looks like
    const damaged = new Uint8Array(readFileSync(new URL('parcels-4547.gpkg', GDAL))).slice(0, 4096);
    damaged.fill(0x55, 100);
    expect((await formatErrorAsync(() => readGeoPackage(damaged, sql))).message).toMatch(/cannot be read .*damaged/);
  });
});
