// A CSV table as a layer: geometry from a WKT/EWKT column or from lon/lat columns, every
// other column an attribute kept as its text (empty → null). Rows are numbered as the
// spreadsheet shows them: the header is row 1.
import type { Geometry } from 'geojson';
import { csvRecords } from '../csvParse';
import { parseEwkt } from './wkt';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';

export interface CsvLayerOptions {
  /** the column holding WKT/EWKT; else detected by name */
  wktColumn?: string;
  /** the longitude (x) column; with latColumn, else detected by name */
  lonColumn?: string;
  latColumn?: string;
  /** the layer's name (e.g. the file name); 'csv' when not given */
  name?: string;
}

type GeometrySource = { kind: 'wkt'; column: number } | { kind: 'lonlat'; lon: number; lat: number };

const WKT_NAMES = ['wkt', 'wkt_geom', 'geom', 'geometry', 'the_geom', 'shape'];
const LON_NAMES = ['lon', 'lng', 'longitude', 'x', '经度'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度'];
/** Excel's and LibreOffice's column limit */
const MAX_COLUMNS = 16_384;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readCsvLayer(text: string, options: CsvLayerOptions = {}): SourceLayer {
  const first = csvRecords(text).next();
  if (first.done) throw new FormatError('the CSV file is empty: it has no header row', 'CSV 文件为空：没有表头行');
  const header = headerNames(first.value);
  const source = geometrySource(header, options);
  const geometryColumns = new Set(source.kind === 'wkt' ? [source.column] : [source.lon, source.lat]);
  const fieldIndexes = header.map((_, i) => i).filter((i) => !geometryColumns.has(i));
  const srid = source.kind === 'wkt' ? firstSrid(text, header, source.column) : undefined;
  const crs: CrsHint = srid === undefined ? { kind: 'none' } : { kind: 'epsg', code: srid };

  async function* features(): AsyncGenerator<RawFeature> {
    let row = 0;
    for (const cells of csvRecords(text)) {
      row++;
      if (row === 1 || cells.every((c) => c === '')) continue;
      checkWidth(cells, header, row);
      const properties: Record<string, unknown> = {};
      for (const i of fieldIndexes) properties[header[i]] = cells[i] === undefined || cells[i] === '' ? null : cells[i];
      yield { properties, geometry: geometryOf(cells, row, header, source, srid) };
    }
  }

  return { name: options.name ?? 'csv', crs, fields: fieldIndexes.map((i) => header[i]), features };
}

function headerNames(cells: string[]): string[] {
  const names = cells.map((c) => c.trim());
  // spreadsheets often leave empty columns after the last one; a value under one is caught per row
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw new FormatError('the CSV header row (row 1) has no column names', 'CSV 表头（第 1 行）没有列名');
  // every row becomes that many attributes: a damaged header must not multiply the work per row
  if (names.length > MAX_COLUMNS) {
    throw new FormatError(
      `the CSV header (row 1) has ${names.length} columns, more than a spreadsheet holds (${MAX_COLUMNS}); the file is damaged or not a CSV table: check it in a spreadsheet and save it again as CSV`,
      `CSV 表头（第 1 行）有 ${names.length} 列，超过电子表格的上限（${MAX_COLUMNS} 列）；文件已损坏或不是 CSV 表格：请在电子表格软件中检查后重新另存为 CSV`,
    );
  }
  // a map, not indexOf: a damaged header of 100 000 columns must not take n² steps
  const firstColumn = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw new FormatError(`the CSV header (row 1) has no name for column ${i + 1}; give every column a name`, `CSV 表头（第 1 行）第 ${i + 1} 列没有列名，请为每一列命名`);
    }
    const j = firstColumn.get(name) ?? i;
    firstColumn.set(name, j);
    if (j < i) {
      throw new FormatError(
        `the CSV header (row 1) names two columns "${name}" (columns ${j + 1} and ${i + 1}); column names must be unique`,
        `CSV 表头（第 1 行）有两列都叫 “${name}”（第 ${j + 1} 列和第 ${i + 1} 列），列名不能重复`,
      );
    }
  });
  return names;
}

function findColumn(header: string[], name: string, role: string, roleZh: string): number {
  const exact = header.indexOf(name.trim());
  const i = exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
  if (i < 0) {
    throw new FormatError(
      `the ${role} column "${name}" is not in the CSV header (columns: ${header.join(', ')})`,
      `CSV 表头中没有指定的${roleZh}列 “${name}”（现有列：${header.join('、')}）`,
    );
  }
  return i;
}

/** the one column whose name is among `names`; undefined when none, an error when several */
function detect(header: string[], names: string[], role: string, roleZh: string, option: string): number | undefined {
  const hits = header.map((h, i) => [h, i] as const).filter(([h]) => names.includes(h.toLowerCase()));
  if (hits.length > 1) {
    const list = hits.map(([h]) => h).join(', ');
    throw new FormatError(
      `several columns could hold the ${role} (${list}); say which one (${option})`,
      `有多列可能是${roleZh}（${hits.map(([h]) => h).join('、')}），请指定使用哪一列（${option}）`,
    );
  }
  return hits[0]?.[1];
}

function geometrySource(header: string[], o: CsvLayerOptions): GeometrySource {
  if (o.wktColumn !== undefined) return { kind: 'wkt', column: findColumn(header, o.wktColumn, 'WKT', 'WKT') };
  if (o.lonColumn !== undefined || o.latColumn !== undefined) {
    if (o.lonColumn === undefined || o.latColumn === undefined) {
      throw new FormatError('give both the longitude and the latitude column, or neither', '经度列和纬度列需同时指定（或都不指定）');
    }
    return { kind: 'lonlat', lon: findColumn(header, o.lonColumn, 'longitude', '经度'), lat: findColumn(header, o.latColumn, 'latitude', '纬度') };
  }
  const wkt = detect(header, WKT_NAMES, 'WKT geometry', 'WKT 几何', 'wktColumn');
  if (wkt !== undefined) return { kind: 'wkt', column: wkt };
  const lon = detect(header, LON_NAMES, 'longitude', '经度', 'lonColumn');
  const lat = detect(header, LAT_NAMES, 'latitude', '纬度', 'latColumn');
  if (lon !== undefined && lat !== undefined) return { kind: 'lonlat', lon, lat };
  throw new FormatError(
    `the CSV has no geometry column: add a WKT column (named WKT, geom, geometry, the_geom or shape), or longitude and latitude columns (lon/lng/longitude/x/经度 and lat/latitude/y/纬度); columns found: ${header.join(', ')}`,
    `CSV 中没有几何列：请添加 WKT 列（列名为 WKT、geom、geometry、the_geom 或 shape），或经纬度列（lon/lng/longitude/x/经度 与 lat/latitude/y/纬度）；现有列：${header.join('、')}`,
  );
}

function checkWidth(cells: string[], header: string[], row: number): void {
  for (let i = header.length; i < cells.length; i++) {
    if (cells[i] !== '') {
      throw new FormatError(
        `row ${row} has a value in column ${i + 1} but the header names only ${header.length} columns; a value containing a comma must be in double quotes`,
        `第 ${row} 行第 ${i + 1} 列有值，但表头只有 ${header.length} 列；含逗号的值须用英文双引号括起来`,
      );
    }
  }
}

/** the SRID of the first row with a WKT: it decides the layer's CRS */
function firstSrid(text: string, header: string[], column: number): number | undefined {
  let row = 0;
  for (const cells of csvRecords(text)) {
    row++;
    if (row === 1) continue;
    // unquoted WKT split at its commas: say that, not "unbalanced parentheses"
    checkWidth(cells, header, row);
    const cell = cells[column]?.trim();
    if (cell) return wktAt(cell, row, header[column]).srid;
  }
  return undefined;
}

function wktAt(cell: string, row: number, column: string): { geometry: Geometry; srid?: number } {
  try {
    return parseEwkt(cell);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`row ${row}, column ${column}: ${e.message}`, `第 ${row} 行 ${column} 列：${e.messageZh}`);
    throw e;
  }
}

function geometryOf(cells: string[], row: number, header: string[], source: GeometrySource, srid: number | undefined): Geometry | null {
  if (source.kind === 'wkt') {
    const cell = cells[source.column]?.trim();
    if (!cell) return null;
    const parsed = wktAt(cell, row, header[source.column]);
    if (parsed.srid !== srid) {
      const say = (s: number | undefined): string => (s === undefined ? 'no SRID' : `SRID=${s}`);
      throw new FormatError(
        `row ${row}, column ${header[source.column]}: ${say(parsed.srid)} but the first geometry row has ${say(srid)}; a layer has one CRS, give every row the same SRID`,
        `第 ${row} 行 ${header[source.column]} 列：${say(parsed.srid)}，但第一个几何行为 ${say(srid)}；同一图层只能有一个坐标系，请让每行的 SRID 一致`,
      );
    }
    return parsed.geometry;
  }
  const lon = (cells[source.lon] ?? '').trim();
  const lat = (cells[source.lat] ?? '').trim();
  if (lon === '' && lat === '') return null;
  return { type: 'Point', coordinates: [coordinate(lon, row, header[source.lon], header[source.lat]), coordinate(lat, row, header[source.lat], header[source.lon])] };
}

function coordinate(value: string, row: number, column: string, other: string): number {
  if (value === '') {
    throw new FormatError(`row ${row}, column ${column}: empty, but ${other} has a value; give both or neither`, `第 ${row} 行 ${column} 列为空，但 ${other} 列有值；请两列都填或都不填`);
  }
  if (!DECIMAL.test(value)) {
    throw new FormatError(
      `row ${row}, column ${column}: "${value}" is not a decimal number (write degrees as 114.2745, not 114°16′28″)`,
      `第 ${row} 行 ${column} 列：“${value}” 不是十进制数（度数请写成 114.2745 这样的形式，而不是 114°16′28″）`,
    );
  }
  return Number(value);
}
