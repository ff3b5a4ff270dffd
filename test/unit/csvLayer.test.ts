import { readFileSync } from 'node:fs';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/io/csv';
import { parseCsv } from '../../src/io/csvParse';
import { readCsvLayer, type CsvLayerOptions } from '../../src/io/formats/csvLayer';
import { FormatError, type RawFeature, type SourceLayer } from '../../src/io/formats/source';
import { parseEwkt, parseWkt } from '../../src/io/formats/wkt';

const source = JSON.parse(readFileSync(new URL('../fixtures/gdal/parcels-wgs84.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon>;
const BOM = '\uFEFF';

async function collect(layer: SourceLayer): Promise<RawFeature[]> {
  const out: RawFeature[] = [];
  for await (const f of layer.features()) out.push(f);
  return out;
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

async function readError(text: string, options?: CsvLayerOptions): Promise<FormatError> {
  try {
    await collect(readCsvLayer(text, options));
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

const ring = (r: Position[]): string => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
const polygonWkt = (g: Polygon): string => `POLYGON (${g.coordinates.map(ring).join(', ')})`;

describe('CSV records (RFC 4180)', () => {
  it('quotes, doubled quotes, commas and line breaks inside quotes, CRLF, BOM', () => {
    const text = `${BOM}名称,备注,x\r\n"沌口, 一号","他说""好""\r\n第二行",1\r\n plain ,,""\r\n`;
    expect(parseCsv(text)).toEqual([
      ['名称', '备注', 'x'],
      ['沌口, 一号', '他说"好"\r\n第二行', '1'],
      [' plain ', '', ''],
    ]);
  });

  it('LF and CR-only line ends, a trailing comma, no final line end, blank lines kept as rows', () => {
    expect(parseCsv('a,b\nc,\r\rd,"e\ne"')).toEqual([['a', 'b'], ['c', ''], [''], ['d', 'e\ne']]);
    expect(parseCsv('a,b,')).toEqual([['a', 'b', '']]);
    expect(parseCsv(BOM)).toEqual([]);
  });

  it('an unclosed quote and text after a closing quote name row and column', () => {
    const open = formatError(() => parseCsv('a,b\r\n1,"2\r\n3,4\r\n'));
    expect(open.message).toBe('row 2, column 2: a quoted value is never closed (a missing ")');
    expect(open.messageZh).toMatch(/^第 2 行第 2 列/);
    expect(formatError(() => parseCsv('a,b\n1,"2"x\n')).message).toMatch(/^row 2, column 2: text after the closing quote/);
  });
});

describe('WKT', () => {
  it('each type, Z/M/ZM spelled apart or attached, EMPTY; coordinates exactly as written', () => {
    expect(parseWkt('POINT (515361.40914254397 3374444.00735393)')).toEqual({ type: 'Point', coordinates: [515361.40914254397, 3374444.00735393] });
    expect(parseWkt('point z (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('POINTM(1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('POINT ZM (1 2 3 4)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('POINT (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('LINESTRING (0 0, 1e3 -2.5E-3, .5 +7)')).toEqual({ type: 'LineString', coordinates: [[0, 0], [1000, -0.0025], [0.5, 7]] });
    expect(parseWkt('POLYGON Z ((0 0 9, 4 0 9, 4 4 9, 0 0 9), (1 1 9, 2 1 9, 2 2 9, 1 1 9))')).toEqual({
      type: 'Polygon',
      coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]],
    });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTILINESTRING M ((1 2 0, 3 4 0), (5 6 1, 7 8 1))')).toEqual({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] });
    expect(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]],
    });
    expect(parseWkt('GEOMETRYCOLLECTION (POINT Z (1 2 3), LINESTRING (0 0, 1 1))')).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }],
    });
    expect(parseWkt('POLYGON EMPTY')).toEqual({ type: 'Polygon', coordinates: [] });
    expect(parseWkt('MULTIPOLYGON Z EMPTY')).toEqual({ type: 'MultiPolygon', coordinates: [] });
  });

  it('EWKT gives the SRID; plain parseWkt refuses to drop it', () => {
    expect(parseEwkt('SRID=4490;POINT(114.2 30.5)')).toEqual({ geometry: { type: 'Point', coordinates: [114.2, 30.5] }, srid: 4490 });
    expect(parseEwkt('POINT(114.2 30.5)')).toEqual({ geometry: { type: 'Point', coordinates: [114.2, 30.5] } });
    expect(formatError(() => parseWkt('SRID=4490;POINT(1 2)')).message).toMatch(/SRID=4490/);
  });

  it('says what parsing can know is wrong, and where', () => {
    const cases: [string, RegExp][] = [
      ['POLYGON ((0 0, 1 0, 1 1, 0 0)', /unbalanced parentheses: 1 "\(" not closed/],
      ['POINT (1 2))', /unbalanced parentheses: the "\)" at character 12 has no matching "\("/],
      ['POLYGON ((0 0, 1 0, 1, 0 0))', /the point at character 21 has 1 number; x and y are needed/],
      ['POINT (114,5 30,2)', /decimal comma/],
      ['LINESTRING (0 0, 1 1 1)', /the point at character 18 has 3 numbers but should have 2, like the point at character 13/],
      ['POINT Z (1 2)', /has 2 numbers but should have 3, as the type at character 1 declares/],
      ['POLYGN ((0 0, 1 1))', /unknown geometry type "POLYGN" at character 1/],
      ['CURVEPOLYGON ((0 0, 1 1))', /curved or surface type/],
      ['POINT （1 2）', /full-width "（" at character 7/],
      ['POINT (1 2) junk', /unexpected "junk" after the geometry at character 13/],
      ['POINT (1 2e)', /"2e" at character 10 is not a number/],
      ['POLYGON (0 0, 1 1)', /expected "\(" to open the ring at character 10, found "0"/],
      ['SRID=abc;POINT (1 2)', /SRID=abc;" does not give a whole number/],
    ];
    for (const [text, message] of cases) expect(formatError(() => parseEwkt(text)).message, text).toMatch(message);
    const cut = `POLYGON ((${'114.123456 30.123456, '.repeat(1500)}`.slice(0, 32767);
    expect(formatError(() => parseWkt(cut)).message).toMatch(/Excel cuts a cell at 32767/);
  });
});

describe('CSV layer with a WKT column', () => {
  // The 210 real parcels written as a planner's spreadsheet would: UTF-8 with BOM, CRLF,
  // Chinese headers kept as the file has them, remarks with commas, quotes and line breaks.
  const remark = (i: number, bz: string): string => (i % 7 === 0 ? `${bz}，含逗号, "引号" 与\r\n换行` : bz);
  const header = ['DKBH', 'DKMC', 'DLBM', 'DLMC', 'YDXZ', 'DJ', 'RJL', 'BZ', 'WKT'];
  const rows = source.features.map((f, i) => {
    const p = f.properties!;
    return [p.DKBH, p.DKMC, p.DLBM, p.DLMC, p.YDXZ, p.DJ, p.RJL, remark(i, String(p.BZ)), polygonWkt(f.geometry)];
  });
  const text = BOM + csvText([header, ...rows]);

  it('reads every parcel: text values as written, empty → null, polygons exact', async () => {
    const layer = readCsvLayer(text, { name: 'parcels.csv' });
    expect(layer.name).toBe('parcels.csv');
    expect(layer.crs).toEqual({ kind: 'none' });
    expect(layer.fields).toEqual(['DKBH', 'DKMC', 'DLBM', 'DLMC', 'YDXZ', 'DJ', 'RJL', 'BZ']);
    const features = await collect(layer);
    expect(features).toHaveLength(210);
    features.forEach((f, i) => {
      const p = source.features[i].properties!;
      const bz = remark(i, String(p.BZ));
      expect(f.properties).toEqual({
        DKBH: p.DKBH,
        DKMC: p.DKMC,
        DLBM: p.DLBM,
        DLMC: p.DLMC,
        YDXZ: p.YDXZ,
        DJ: String(p.DJ),
        RJL: String(p.RJL),
        BZ: bz === '' ? null : bz,
      });
      expect(f.geometry).toEqual(source.features[i].geometry);
    });
    expect(features[0].properties.DKMC).toBe('沌口地块1号');
    expect(features[7].properties.BZ).toBe('，含逗号, "引号" 与\r\n换行');
  });

  it('a hand-typed file: lowercase geom column found, quoted WKT with commas, blank line skipped', async () => {
    const text = 'id,名称,geom\n1,"东湖, 一期","POLYGON ((114.1 30.5, 114.2 30.5, 114.2 30.6, 114.1 30.5))"\n\n2,,\n';
    const layer = readCsvLayer(text);
    expect(layer.fields).toEqual(['id', '名称']);
    expect(await collect(layer)).toEqual([
      { properties: { id: '1', 名称: '东湖, 一期' }, geometry: { type: 'Polygon', coordinates: [[[114.1, 30.5], [114.2, 30.5], [114.2, 30.6], [114.1, 30.5]]] } },
      { properties: { id: '2', 名称: null }, geometry: null },
    ]);
  });

  it('EWKT SRID sets the layer CRS; a row with another SRID is refused', async () => {
    const text = 'name,WKT\na,SRID=4490;POINT(114.2 30.5)\nb,SRID=4490;POINT(114.3 30.6)\n';
    const layer = readCsvLayer(text);
    expect(layer.crs).toEqual({ kind: 'epsg', code: 4490 });
    expect((await collect(layer)).map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [114.2, 30.5] }, { type: 'Point', coordinates: [114.3, 30.6] }]);
    const e = await readError('name,WKT\na,SRID=4490;POINT(114.2 30.5)\nb,POINT(114.3 30.6)\n');
    expect(e.message).toMatch(/^row 3, column WKT: no SRID but the first geometry row has SRID=4490/);
  });

  it('a bad WKT names the spreadsheet row (header = 1, multi-line cells count once) and the column', async () => {
    const text = [
      'DKBH,BZ,Shape',
      '420113-0001,"第一行\n第二行\n第三行","POLYGON ((0 0, 1 0, 1 1, 0 0))"',
      '420113-0002,,"POLYGON ((0 0, 1 0, 1 1, 0 0))"',
      '420113-0003,,"POLYGON ((0 0, 1 0, 1 1, 0 0)"',
    ].join('\n');
    const e = await readError(text);
    expect(e.message).toBe('row 4, column Shape: unbalanced parentheses: 1 "(" not closed');
    expect(e.messageZh).toBe('第 4 行 Shape 列：括号不匹配：有 1 个 “(” 未闭合');
    const odd = await readError('DKBH,WKT\n1,"POLYGON ((0 0, 1 0, 1, 0 0))"\n');
    expect(odd.message).toMatch(/^row 2, column WKT: the point at character 21 has 1 number/);
    const unknown = await readError('DKBH,WKT\n1,POLYGONE ((0 0))\n');
    // WKT left unquoted is split at its commas: the row is too wide, and that is what is said
    expect((await readError('DKBH,WKT\n1,POLYGON ((0 0, 1 0, 1 1, 0 0))\n')).message).toMatch(/^row 2 has a value in column 3 .* must be in double quotes/);
    expect(unknown.message).toMatch(/^row 2, column WKT: unknown geometry type "POLYGONE"/);
  });

  it('the first row is parsed when the layer is opened, so a bad first geometry fails early', () => {
    expect(formatError(() => readCsvLayer('a,wkt\n1,POINT (1)\n')).message).toMatch(/^row 2, column wkt: /);
  });
});

describe('CSV layer with lon/lat columns', () => {
  it('经度/纬度 columns give points; the other columns stay text', async () => {
    const text = `${BOM}地块编号,地块名称,经度,纬度,面积\r\n420113-0001,沌口地块1号,114.16130697,30.49113384,5933.2\r\n420113-0002,"沌口地块2号, 东",114.16126253, 30.4938084 ,\r\n`;
    const layer = readCsvLayer(text);
    expect(layer.crs).toEqual({ kind: 'none' });
    expect(layer.fields).toEqual(['地块编号', '地块名称', '面积']);
    expect(await collect(layer)).toEqual([
      { properties: { 地块编号: '420113-0001', 地块名称: '沌口地块1号', 面积: '5933.2' }, geometry: { type: 'Point', coordinates: [114.16130697, 30.49113384] } },
      { properties: { 地块编号: '420113-0002', 地块名称: '沌口地块2号, 东', 面积: null }, geometry: { type: 'Point', coordinates: [114.16126253, 30.4938084] } },
    ]);
  });

  it('Longitude/LAT, x/y and lng detected in any case; or named by option', async () => {
    const first = async (text: string, o?: CsvLayerOptions): Promise<unknown> => (await collect(readCsvLayer(text, o)))[0].geometry;
    expect(await first('Longitude,LAT\n114.5,30.25\n')).toEqual({ type: 'Point', coordinates: [114.5, 30.25] });
    expect(await first('X,Y\n515361.4,3374444.0\n')).toEqual({ type: 'Point', coordinates: [515361.4, 3374444] });
    expect(await first('lng,latitude\n-1.5e2,3\n')).toEqual({ type: 'Point', coordinates: [-150, 3] });
    expect(await first('E,N\n515361.4,3374444.0\n', { lonColumn: 'E', latColumn: 'N' })).toEqual({ type: 'Point', coordinates: [515361.4, 3374444] });
  });

  it('bad coordinates name the row and column', async () => {
    expect((await readError('名称,经度,纬度\na,114.2,30.5\nb,114°16′28″,30.5\n')).message).toMatch(/^row 3, column 经度: "114°16′28″" is not a decimal number/);
    expect((await readError('名称,经度,纬度\na,114.2,\n')).message).toMatch(/^row 2, column 纬度: empty, but 经度 has a value/);
  });
});

describe('CSV layer: what cannot be read is said', () => {
  it('no geometry column, ambiguous columns, unknown named column, duplicate or missing header names, extra values', async () => {
    expect(formatError(() => readCsvLayer('名称,面积\na,1\n')).message).toMatch(/no geometry column.*columns found: 名称, 面积/);
    expect(formatError(() => readCsvLayer('wkt,geometry\n')).message).toMatch(/several columns could hold the WKT geometry \(wkt, geometry\); say which one \(wktColumn\)/);
    expect(formatError(() => readCsvLayer('a,b\n', { wktColumn: 'WKT' })).message).toMatch(/the WKT column "WKT" is not in the CSV header \(columns: a, b\)/);
    expect(formatError(() => readCsvLayer('a,a,wkt\n')).message).toMatch(/names two columns "a" \(columns 1 and 2\)/);
    expect(formatError(() => readCsvLayer('a,,wkt\n')).message).toMatch(/no name for column 2/);
    expect(formatError(() => readCsvLayer('')).message).toMatch(/empty/);
    // trailing unnamed columns are fine while empty
    expect(await collect(readCsvLayer('a,wkt,,\n1,POINT (1 2),,\n'))).toEqual([{ properties: { a: '1' }, geometry: { type: 'Point', coordinates: [1, 2] } }]);
    expect((await readError('a,wkt\n1,POINT (1 2),oops\n')).message).toMatch(/^row 2 has a value in column 3 but the header names only 2 columns/);
  });
});
