import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import type { FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { decodeCpg, parseDbf, parseShp, readShapefileZip } from '../../src/io/formats/shapefile';
import { planarSignedArea2 as ringSignedArea2 } from '../../src/domain/geometry/orientation';
import { FormatError, type RawFeature, type SourceLayer } from '../../src/io/formats/source';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/gdal/${name}`, import.meta.url)));
const source = JSON.parse(new TextDecoder().decode(fixture('parcels-wgs84.geojson'))) as FeatureCollection<Polygon>;
const sourceById = new Map(source.features.map((f) => [String(f.properties?.DKBH), f]));

async function collect(layer: SourceLayer): Promise<RawFeature[]> {
  const out: RawFeature[] = [];
  for await (const f of layer.features()) out.push(f);
  return out;
}

function polygonsOf(g: Geometry | null): Position[][][] {
  if (g?.type === 'Polygon') return [g.coordinates];
  if (g?.type === 'MultiPolygon') return g.coordinates;
  throw new Error(`not a polygon: ${g?.type}`);
}

/** Error thrown by an async call, checked to be a FormatError with a Chinese message too. */
async function formatError(run: () => Promise<unknown>): Promise<FormatError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).messageZh).toMatch(/[\u4e00-\u9fff]/);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

describe.each([
  ['parcels-4526-gbk.zip', 'cpg'],
  ['parcels-4526-gbk-nocpg.zip', 'detected'],
] as const)('GDAL shapefile %s', (zipName, encodingSource) => {
  it('reads the 210 parcels with their Chinese text, numbers and .prj', async () => {
    const layers = await readShapefileZip(fixture(zipName), zipName);
    expect(layers).toHaveLength(1);
    const [layer] = layers;
    expect(layer.name).toBe('parcels');
    expect(layer.count).toBe(210);
    expect(layer.fields).toEqual(['DKBH', 'DKMC', 'DLBM', 'DLMC', 'YDXZ', 'DJ', 'RJL', 'BZ']);
    expect(layer.encoding).toEqual({ name: 'gb18030', source: encodingSource });
    expect(layer.crs.kind).toBe('wkt');
    const wkt = layer.crs.kind === 'wkt' ? layer.crs.wkt : '';
    expect(wkt).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_Zone_38"/);
    expect(wkt).toContain('PARAMETER["False_Easting",38500000.0]');
    expect(wkt).toContain('PARAMETER["Central_Meridian",114.0]');

    const features = await collect(layer);
    expect(features).toHaveLength(210);
    const seen = new Set<string>();
    for (const f of features) {
      const id = String(f.properties.DKBH);
      const src = sourceById.get(id);
      expect(src, id).toBeDefined();
      seen.add(id);
      // every attribute, Chinese text (标准厂房；鼓励类制造业 …) and numbers, exactly as in the source
      expect(f.properties, id).toEqual(src!.properties);
      const ours = polygonsOf(f.geometry);
      const theirs = polygonsOf(src!.geometry);
      expect(ours.map((p) => p.map((r) => r.length)), id).toEqual(theirs.map((p) => p.map((r) => r.length)));
      for (const polygon of ours) {
        polygon.forEach((ring, i) => {
          // RFC 7946: outer ring counter-clockwise, holes clockwise
          expect(Math.sign(ringSignedArea2(ring)), `${id} ring ${i}`).toBe(i === 0 ? 1 : -1);
          for (const [x, y] of ring) {
            expect(x).toBeGreaterThan(38_400_000); // zone prefix kept: not reprojected
            expect(x).toBeLessThan(38_600_000);
            expect(y).toBeGreaterThan(3_300_000);
            expect(y).toBeLessThan(3_450_000);
          }
        });
      }
    }
    expect(seen.size).toBe(210);
  });
});

describe('GDAL shapefile coordinates', () => {
  it('are the .shp doubles exactly, in the source order (already counter-clockwise)', async () => {
    const zip = fixture('parcels-4526-gbk.zip');
    const shp = unzipSync(zip)['parcels.shp'];
    const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
    // record 1: header at 100, content at 108; one part, so points start at 108 + 44 + 4
    const numPoints = view.getInt32(148, true);
    const expected = Array.from({ length: numPoints }, (_, i) => [view.getFloat64(156 + 16 * i, true), view.getFloat64(164 + 16 * i, true)]);
    const [first] = await collect((await readShapefileZip(zip))[0]);
    // a shapefile outer ring is clockwise; GeoJSON's is the same vertices reversed
    expect((first.geometry as Polygon).coordinates[0]).toEqual(expected.reverse());
  });
});

describe('decodeCpg', () => {
  it.each([
    ['GBK', 'gb18030'],
    ['gb2312\r\n', 'gb18030'],
    ['GB18030', 'gb18030'],
    ['CP936', 'gb18030'],
    ['936', 'gb18030'],
    ['ANSI 936', 'gb18030'],
    ['UTF-8', 'utf-8'],
    ['utf8', 'utf-8'],
    ['65001', 'utf-8'],
    ['ISO-8859-1', 'windows-1252'], // what TextDecoder does with that label
    ['', undefined],
    ['KLINGON', undefined],
  ])('%j → %s', (cpg, label) => {
    expect(decodeCpg(cpg)).toBe(label);
  });
});

// ---- hand-made shapefiles ----------------------------------------------------------------

type Rings = Position[][];

/** A .shp of one shape type; a null record is a Null shape. Z (and M) are written for Z types. */
function shpBytes(shapeType: number, records: (Rings | null)[], z = 0): Uint8Array {
  const contents = records.map((rings) => {
    if (rings === null) return new Uint8Array([0, 0, 0, 0]);
    const points = rings.flat();
    const withZ = shapeType === 15 || shapeType === 13;
    const size = 44 + 4 * rings.length + 16 * points.length + (withZ ? 2 * (16 + 8 * points.length) : 0);
    const b = new Uint8Array(size);
    const v = new DataView(b.buffer);
    v.setInt32(0, shapeType, true);
    v.setInt32(36, rings.length, true);
    v.setInt32(40, points.length, true);
    let start = 0;
    rings.forEach((r, i) => {
      v.setInt32(44 + 4 * i, start, true);
      start += r.length;
    });
    const at = 44 + 4 * rings.length;
    points.forEach(([x, y], i) => {
      v.setFloat64(at + 16 * i, x, true);
      v.setFloat64(at + 16 * i + 8, y, true);
    });
    if (withZ) {
      const zAt = at + 16 * points.length;
      v.setFloat64(zAt, z, true);
      v.setFloat64(zAt + 8, z, true);
      points.forEach((_, i) => v.setFloat64(zAt + 16 + 8 * i, z, true));
    }
    return b;
  });
  const length = 100 + contents.reduce((n, c) => n + 8 + c.length, 0);
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, length / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, shapeType, true);
  let at = 100;
  contents.forEach((c, i) => {
    v.setInt32(at, i + 1, false);
    v.setInt32(at + 4, c.length / 2, false);
    out.set(c, at + 8);
    at += 8 + c.length;
  });
  return out;
}

interface DbfFieldSpec {
  name: string | Uint8Array;
  type: string;
  length: number;
  decimals?: number;
}
type Cell = string | Uint8Array;

/** A dBASE III table; cells are written as given (strings as UTF-8) and padded with spaces. */
function dbfBytes(fields: DbfFieldSpec[], records: { deleted?: boolean; cells: Cell[] }[], ldid = 0): Uint8Array {
  const enc = (c: Cell): Uint8Array => (typeof c === 'string' ? new TextEncoder().encode(c) : c);
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(headerLength + records.length * recordLength + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  v.setUint32(4, records.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = ldid;
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set(enc(f.name), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  records.forEach((r, i) => {
    let at = headerLength + i * recordLength;
    out[at++] = r.deleted ? 0x2a : 0x20;
    fields.forEach((f, j) => {
      out.fill(0x20, at, at + f.length);
      out.set(enc(r.cells[j]), at);
      at += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

const GBK_DIKUAI = new Uint8Array([0xb5, 0xd8, 0xbf, 0xe9]); // 地块 in GBK

// a 10 × 10 square with a 2 × 2 hole, and a separate 1 × 1 island; shapefile winding
const outerCW: Position[] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
const holeCCW: Position[] = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
const islandCW: Position[] = [[20, 0], [20, 1], [21, 1], [21, 0], [20, 0]];
const rev = (r: Position[]): Position[] => r.slice().reverse();

function zipOf(files: Record<string, Uint8Array | string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v])));
}

const idField: DbfFieldSpec[] = [{ name: 'ID', type: 'N', length: 4 }];

describe('hand-made shapefiles', () => {
  it('puts each hole in the polygon that contains it, with RFC 7946 winding, Z dropped', async () => {
    const zip = zipOf({
      // hole listed before its outer ring, an island, a Null shape, a lone ring
      'data/Parcels.SHP': shpBytes(15, [[holeCCW, islandCW, outerCW], null, [outerCW]], 35.5),
      'data/Parcels.DBF': dbfBytes(idField, [{ cells: ['1'] }, { cells: ['2'] }, { cells: ['3'] }]),
      '__MACOSX/data/._Parcels.shp': new Uint8Array([0, 5, 22, 7]),
    });
    const [layer, ...rest] = await readShapefileZip(zip, 'parcels.zip');
    expect(rest).toEqual([]);
    expect(layer.name).toBe('Parcels');
    expect(layer.crs).toEqual({ kind: 'none' });
    expect(layer.encoding?.source).toBe('default');
    const features = await collect(layer);
    expect(features).toEqual([
      {
        properties: { ID: 1 },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [[rev(islandCW)], [rev(outerCW), rev(holeCCW)]],
        },
      },
      { properties: { ID: 2 }, geometry: null },
      { properties: { ID: 3 }, geometry: { type: 'Polygon', coordinates: [rev(outerCW)] } },
    ]);
  });

  it('puts an island inside a hole into its own polygon, not into the big one', () => {
    const islandInHoleCW: Position[] = [[4.5, 4.5], [4.5, 5.5], [5.5, 5.5], [5.5, 4.5], [4.5, 4.5]];
    const innerHoleCCW: Position[] = [[4.8, 4.8], [5.2, 4.8], [5.2, 5.2], [4.8, 5.2], [4.8, 4.8]];
    const shp = parseShp(shpBytes(5, [[outerCW, holeCCW, islandInHoleCW, innerHoleCCW]]));
    expect(shp.count).toBe(1);
    expect([...shp.geometries()]).toEqual([
      { type: 'MultiPolygon', coordinates: [[rev(outerCW), rev(holeCCW)], [rev(islandInHoleCW), rev(innerHoleCCW)]] },
    ]);
  });

  it('reads a UTF-8 DBF with .cpg "UTF-8": Chinese field names and text, numbers, logicals, dates; skips deleted records', async () => {
    const fields: DbfFieldSpec[] = [
      { name: '编号', type: 'C', length: 20 }, // 6 bytes: a name holds 11
      { name: 'DKMC', type: 'C', length: 30 },
      { name: 'RJL', type: 'N', length: 24, decimals: 15 },
      { name: 'AREA', type: 'F', length: 19, decimals: 11 },
      { name: 'GY', type: 'L', length: 1 },
      { name: 'PZRQ', type: 'D', length: 8 },
    ];
    const zip = zipOf({
      'p.shp': shpBytes(5, [[outerCW], [islandCW], [outerCW]]),
      'p.dbf': dbfBytes(fields, [
        { cells: ['A-1', '沌口地块１号 ', '2.850000000000000', '12345.678901234567', 'T', '20240131'] },
        { deleted: true, cells: ['A-2', '已删除', '1', '1', 'F', '20240101'] },
        { cells: ['A-3', '', '', '*******', '?', '        '] },
      ]),
      'p.cpg': 'UTF-8',
      'p.prj': 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]\n',
    });
    const [layer] = await readShapefileZip(zip);
    expect(layer.fields).toEqual(['编号', 'DKMC', 'RJL', 'AREA', 'GY', 'PZRQ']);
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'cpg' });
    expect(layer.count).toBe(2);
    expect(layer.crs).toEqual({ kind: 'wkt', wkt: 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]' });
    const features = await collect(layer);
    expect(features).toEqual([
      {
        properties: { 编号: 'A-1', DKMC: '沌口地块１号', RJL: 2.85, AREA: 12345.678901234567, GY: true, PZRQ: '2024-01-31' },
        geometry: { type: 'Polygon', coordinates: [rev(outerCW)] },
      },
      // record 2 is deleted: its shape (the island) is skipped with it
      {
        properties: { 编号: 'A-3', DKMC: '', RJL: null, AREA: null, GY: null, PZRQ: null },
        geometry: { type: 'Polygon', coordinates: [rev(outerCW)] },
      },
    ]);
  });

  it('detects UTF-8 without a .cpg, and GBK even when the field names are Chinese', () => {
    const utf8 = parseDbf(dbfBytes([{ name: 'DKMC', type: 'C', length: 20 }], [{ cells: ['沌口地块'] }]));
    expect(utf8.encoding).toEqual({ name: 'utf-8', source: 'detected' });
    expect([...utf8.records()][0].properties).toEqual({ DKMC: '沌口地块' });

    const gbk = parseDbf(dbfBytes([{ name: GBK_DIKUAI, type: 'C', length: 20 }], [{ cells: [GBK_DIKUAI] }]));
    expect(gbk.encoding).toEqual({ name: 'gb18030', source: 'detected' });
    expect(gbk.fields.map((f) => f.name)).toEqual(['地块']);
    expect([...gbk.records()][0].properties).toEqual({ 地块: '地块' });

    // language driver id 0x4D (CP936) is believed when the bytes agree
    expect(parseDbf(dbfBytes([{ name: 'A', type: 'C', length: 4 }], [{ cells: [GBK_DIKUAI] }], 0x4d)).encoding).toEqual({
      name: 'gb18030',
      source: 'detected',
    });
  });

  it('refuses text that does not decode, naming the field and record, instead of writing "�"', async () => {
    const fields: DbfFieldSpec[] = [{ name: 'DKMC', type: 'C', length: 10 }];
    const records = [{ cells: ['ok'] }, { cells: [new Uint8Array([0x41, 0xff, 0xff, 0x80])] }];
    const noCpg = await formatError(() => readShapefileZip(zipOf({ 'p.shp': shpBytes(5, [[outerCW], [outerCW]]), 'p.dbf': dbfBytes(fields, records) }), 'p.zip'));
    expect(noCpg.message).toContain('field DKMC of record 2');
    expect(noCpg.message).toContain('.cpg');

    // GBK bytes behind a .cpg that says UTF-8
    const wrongCpg = await formatError(() =>
      readShapefileZip(zipOf({ 'p.shp': shpBytes(5, [[outerCW]]), 'p.dbf': dbfBytes(fields, [{ cells: [GBK_DIKUAI] }]), 'p.cpg': 'UTF-8' })).then((ls) => collect(ls[0])),
    );
    expect(wrongCpg.message).toContain('field DKMC of record 1');
    expect(wrongCpg.message).toContain('.cpg');
  });

  it('says which file is missing', async () => {
    const noDbf = await formatError(() => readShapefileZip(zipOf({ 'dk/地块.shp': shpBytes(5, [[outerCW]]), 'dk/地块.shx': new Uint8Array(100) }), 'upload.zip'));
    expect(noDbf.message).toContain('dk/地块.dbf is missing');
    expect(noDbf.message).toContain('.shp (shapes) and .dbf (attributes)');

    const noShp = await formatError(() => readShapefileZip(zipOf({ 'p.dbf': dbfBytes(idField, []) })));
    expect(noShp.message).toContain('p.shp is missing');

    const nothing = await formatError(() => readShapefileZip(zipOf({ 'readme.txt': 'hello' }), 'x.zip'));
    expect(nothing.message).toContain('no shapefile');

    const notZip = await formatError(() => readShapefileZip(new TextEncoder().encode('{"type":"FeatureCollection"}'), 'x.zip'));
    expect(notZip.message).toContain('not a readable zip');
  });

  it('refuses lines and points, naming what the layer holds', async () => {
    const line = await formatError(() =>
      readShapefileZip(zipOf({ 'roads.shp': shpBytes(3, [[[[0, 0], [1, 1]]]]), 'roads.dbf': dbfBytes(idField, [{ cells: ['1'] }]) })),
    );
    expect(line.message).toContain('this layer holds lines (PolyLine); ParkAtlas imports polygons: export the parcels as polygons');
    const points = await formatError(() => readShapefileZip(zipOf({ 'p.shp': shpBytes(1, []), 'p.dbf': dbfBytes(idField, []) })));
    expect(points.message).toContain('points (Point)');
  });

  it('refuses a .shp and .dbf that do not pair up', async () => {
    const e = await formatError(() =>
      readShapefileZip(zipOf({ 'p.shp': shpBytes(5, [[outerCW], [outerCW]]), 'p.dbf': dbfBytes(idField, [{ cells: ['1'] }]) })),
    );
    expect(e.message).toContain('2 shapes but p.dbf has 1 records');
  });

  it('refuses a truncated .shp', () => {
    const bytes = shpBytes(5, [[outerCW], [outerCW]]);
    expect(() => parseShp(bytes.subarray(0, bytes.length - 20), 'p.shp')).toThrow(FormatError);
  });

  it('reads a zip whose entry names are GBK (Chinese Windows), naming the layer in Chinese', async () => {
    // zip with ASCII names of the same byte length, then the raw GBK bytes written over them
    const zip = zipOf({ 'abcd.shp': shpBytes(5, [[outerCW]]), 'abcd.dbf': dbfBytes(idField, [{ cells: ['7'] }]) });
    const ascii = new TextEncoder().encode('abcd');
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (ascii.every((b, k) => zip[i + k] === b)) zip.set(GBK_DIKUAI, i);
    }
    const [layer] = await readShapefileZip(zip);
    expect(layer.name).toBe('地块');
    expect(await collect(layer)).toHaveLength(1);
  });
});
