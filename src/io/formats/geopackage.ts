// GeoPackage (OGC 12-128r18): one SourceLayer per feature table, read through sql.js.
// The caller owns the sql.js instance (the wasm is located differently in Node and the browser).
import type { Geometry } from 'geojson';
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';
import { parseWkb } from './wkb';

const SQLITE_MAGIC = 'SQLite format 3\0';
/** bytes of the blob envelope by the header's envelope indicator (none, xy, xyz, xym, xyzm) */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

type Cell = SqlValue | bigint;
/** sql.js's get() takes { useBigInt } (so an INTEGER past 2^53 is not rounded); @types/sql.js omits it */
interface BigIntGet {
  get(params: null, config: { useBigInt: true }): Cell[];
}

interface FeatureTable {
  table: string;
  geometryColumn: string;
  srsId: number;
  /** the INTEGER PRIMARY KEY, the feature id; undefined for a view without one */
  idColumn: string | undefined;
  fields: string[];
  count: number;
  crs: CrsHint;
}

/**
 * Reads the feature tables of a GeoPackage. Each layer's features() opens its own copy of
 * the database and closes it when iteration ends, so `bytes` must stay unchanged until then.
 */
export async function readGeoPackage(bytes: Uint8Array, sql: SqlJsStatic): Promise<SourceLayer[]> {
  const db = open(bytes, sql);
  try {
    return featureTables(db).map((t) => layer(t, bytes, sql));
  } catch (e) {
    throw damaged(e);
  } finally {
    db.close();
  }
}

/** A GeoPackage geometry blob (header, optional envelope, WKB); null when the empty flag is set. */
export function parseGpkgGeometry(blob: Uint8Array): { geometry: Geometry | null; srsId: number } {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new FormatError(
      "the geometry is not a GeoPackage geometry blob (no 'GP' header); was the file written by a tool that stores Spatialite or plain WKB geometries?",
      '几何数据不是 GeoPackage 几何格式（缺少 “GP” 文件头），该文件可能由写入 Spatialite 或纯 WKB 几何的工具生成',
    );
  }
  if (blob[2] !== 0) {
    throw new FormatError(`GeoPackage geometry blob version ${blob[2] + 1} is not supported (only version 1)`, `不支持第 ${blob[2] + 1} 版 GeoPackage 几何格式（仅支持第 1 版）`);
  }
  const flags = blob[3];
  if (flags & 0x20) {
    throw new FormatError(
      'the geometry uses the GeoPackage extended geometry types (non-standard); convert it to standard types with ogr2ogr',
      '几何使用了 GeoPackage 扩展几何类型（非标准），请用 ogr2ogr 转为标准类型',
    );
  }
  const envelope = (flags >> 1) & 0x07;
  if (envelope >= ENVELOPE_BYTES.length) {
    throw new FormatError(`GeoPackage geometry header has an invalid envelope indicator ${envelope} (0–4 are defined)`, `GeoPackage 几何头的外包框标记 ${envelope} 无效（只定义了 0–4）`);
  }
  const srsId = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getInt32(4, (flags & 1) === 1);
  if (flags & 0x10) return { geometry: null, srsId };
  return { geometry: parseWkb(blob, 8 + ENVELOPE_BYTES[envelope]), srsId };
}

function open(bytes: Uint8Array, sql: SqlJsStatic): Database {
  const head = String.fromCharCode(...bytes.subarray(0, SQLITE_MAGIC.length));
  if (head !== SQLITE_MAGIC) {
    throw new FormatError(
      'not a GeoPackage: the file is not an SQLite database (a .gpkg starts with "SQLite format 3")',
      '不是 GeoPackage 文件：该文件不是 SQLite 数据库（.gpkg 文件以 “SQLite format 3” 开头）',
    );
  }
  return new sql.Database(bytes);
}

/** SQLite's own errors (a truncated or corrupt file) said as what they mean for the user */
function damaged(e: unknown): Error {
  if (e instanceof FormatError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new FormatError(
    `the GeoPackage's SQLite data cannot be read (${detail}); the file may be truncated or damaged, export it again`,
    `无法读取 GeoPackage 的 SQLite 数据（${detail}），文件可能不完整或已损坏，请重新导出`,
  );
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function all(db: Database, query: string, params: SqlValue[] = []): SqlValue[][] {
  const stmt = db.prepare(query, params);
  try {
    const out: SqlValue[][] = [];
    while (stmt.step()) out.push(stmt.get());
    return out;
  } finally {
    stmt.free();
  }
}

function featureTables(db: Database): FeatureTable[] {
  const tables = new Set(all(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((r) => String(r[0])));
  if (!tables.has('gpkg_contents')) {
    throw new FormatError(
      'this SQLite file is not a GeoPackage: it has no gpkg_contents table (for a Spatialite database, export it as GeoPackage: ogr2ogr -f GPKG out.gpkg in.sqlite)',
      '该 SQLite 文件不是 GeoPackage：缺少 gpkg_contents 表（Spatialite 数据库请先导出为 GeoPackage：ogr2ogr -f GPKG out.gpkg in.sqlite）',
    );
  }
  const contents = all(db, 'SELECT table_name, data_type FROM gpkg_contents ORDER BY rowid').map((r) => ({ table: String(r[0]), type: String(r[1]) }));
  const features = contents.filter((c) => c.type.toLowerCase() === 'features');
  if (features.length === 0) {
    const others = contents.map((c) => `${c.table} (${c.type})`).join(', ') || 'none';
    throw new FormatError(
      `this GeoPackage has no feature layers (only tiles/attributes tables: ${others}); export the parcels as a vector layer`,
      `该 GeoPackage 没有要素图层（只有瓦片/属性表：${others}），请将地块导出为矢量图层`,
    );
  }
  refuseRecursiveViews(db, features.map((f) => f.table));
  const hasGeometryColumns = tables.has('gpkg_geometry_columns');
  return features.map(({ table }) => {
    const geom = hasGeometryColumns ? all(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [table])[0] : undefined;
    if (!geom) {
      throw new FormatError(
        `the GeoPackage's feature layer "${table}" has no entry in gpkg_geometry_columns, so its geometry column is unknown; the file is incomplete, export it again`,
        `GeoPackage 要素图层 “${table}” 在 gpkg_geometry_columns 中没有记录，无法确定几何列；文件不完整，请重新导出`,
      );
    }
    const geometryColumn = String(geom[0]);
    const srsId = Number(geom[1]);
    const columns = all(db, `PRAGMA table_info(${quote(table)})`).map((r) => ({ name: String(r[1]), type: String(r[2]).toUpperCase(), pk: Number(r[5]) }));
    if (!columns.some((c) => c.name === geometryColumn)) {
      throw new FormatError(
        `gpkg_geometry_columns says layer "${table}" keeps its geometry in column "${geometryColumn}", but the table has no such column; the file is inconsistent, export it again`,
        `gpkg_geometry_columns 记录图层 “${table}” 的几何列为 “${geometryColumn}”，但表中没有该列；文件内容不一致，请重新导出`,
      );
    }
    const pks = columns.filter((c) => c.pk > 0);
    const idColumn = pks.length === 1 && pks[0].type === 'INTEGER' ? pks[0].name : undefined;
    const count = Number(all(db, `SELECT count(*) FROM ${quote(table)}`)[0][0]);
    return {
      table,
      geometryColumn,
      srsId,
      idColumn,
      fields: columns.map((c) => c.name).filter((n) => n !== geometryColumn && n !== idColumn),
      count,
      crs: crsOf(db, srsId, tables.has('gpkg_spatial_ref_sys')),
    };
  });
}

/** A layer that is a view with a recursive query can run forever (and count(*) runs it): refused before it is read. */
function refuseRecursiveViews(db: Database, layers: string[]): void {
  for (const [name, sql] of all(db, "SELECT name, sql FROM sqlite_master WHERE type = 'view'")) {
    if (layers.includes(String(name)) && /\bRECURSIVE\b/i.test(String(sql))) {
      throw new FormatError(
        `the GeoPackage's layer "${String(name)}" is a view with a recursive query, which may never end; export the layer as a table (ogr2ogr -f GPKG out.gpkg in.gpkg "${String(name)}")`,
        `GeoPackage 图层 “${String(name)}” 是带递归查询的视图，可能永远无法读完；请将该图层导出为数据表（ogr2ogr -f GPKG out.gpkg in.gpkg "${String(name)}"）`,
      );
    }
  }
}

function crsOf(db: Database, srsId: number, hasSrsTable: boolean): CrsHint {
  // 0 and -1 are the spec's "undefined geographic / cartesian" systems
  if (srsId === 0 || srsId === -1 || !hasSrsTable) return { kind: 'none' };
  const row = all(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
  if (!row) return { kind: 'none' };
  const [organization, code, definition] = row;
  if (typeof organization === 'string' && organization.toUpperCase() === 'EPSG' && typeof code === 'number' && code > 0) return { kind: 'epsg', code };
  if (typeof definition === 'string' && definition.trim() !== '' && definition.trim().toLowerCase() !== 'undefined') return { kind: 'wkt', wkt: definition };
  return { kind: 'none' };
}

function layer(t: FeatureTable, bytes: Uint8Array, sql: SqlJsStatic): SourceLayer {
  return {
    name: t.table,
    crs: t.crs,
    fields: t.fields,
    count: t.count,
    features: () => streamFeatures(t, bytes, sql),
  };
}

async function* streamFeatures(t: FeatureTable, bytes: Uint8Array, sql: SqlJsStatic): AsyncGenerator<RawFeature> {
  const db = open(bytes, sql);
  let stmt: Statement | undefined;
  try {
    const columns = [...(t.idColumn === undefined ? [] : [t.idColumn]), t.geometryColumn, ...t.fields];
    try {
      stmt = db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(t.table)}`);
    } catch (e) {
      throw damaged(e);
    }
    const geomAt = t.idColumn === undefined ? 0 : 1;
    let n = 0;
    for (;;) {
      let cells: Cell[];
      try {
        if (!stmt.step()) break;
        cells = (stmt as unknown as BigIntGet).get(null, { useBigInt: true });
      } catch (e) {
        throw damaged(e);
      }
      n++;
      const idCell = t.idColumn === undefined ? null : exactNumber(cells[0]);
      const id = typeof idCell === 'number' || typeof idCell === 'string' ? idCell : undefined;
      const where = id === undefined ? `feature #${n}` : `feature ${t.idColumn}=${id}`;
      const whereZh = id === undefined ? `第 ${n} 个要素` : `要素 ${t.idColumn}=${id}`;
      const properties: Record<string, unknown> = {};
      t.fields.forEach((field, i) => {
        const v = exactNumber(cells[geomAt + 1 + i]);
        if (typeof v === 'string' && v.includes('\uFFFD')) {
          throw new FormatError(
            `layer "${t.table}", ${where}, column ${field}: the text is not valid UTF-8 (GeoPackage text must be UTF-8; the writing tool may have stored GBK), re-export the file with GDAL or QGIS`,
            `图层 “${t.table}” ${whereZh} 的 ${field} 列：文本不是有效的 UTF-8（GeoPackage 文本必须为 UTF-8，写入工具可能存成了 GBK），请用 GDAL 或 QGIS 重新导出`,
          );
        }
        properties[field] = v;
      });
      yield { ...(id === undefined ? {} : { id }), properties, geometry: geometryOf(cells[geomAt], t, where, whereZh) };
    }
  } finally {
    stmt?.free();
    db.close();
  }
}

function geometryOf(cell: Cell, t: FeatureTable, where: string, whereZh: string): Geometry | null {
  if (cell === null) return null;
  const context = (e: FormatError): FormatError =>
    new FormatError(`layer "${t.table}", ${where}, column ${t.geometryColumn}: ${e.message}`, `图层 “${t.table}” ${whereZh} 的 ${t.geometryColumn} 列：${e.messageZh}`);
  if (!(cell instanceof Uint8Array)) {
    throw context(new FormatError(`the geometry is a ${typeof cell}, not a binary blob`, `几何值是 ${typeof cell}，不是二进制数据`));
  }
  try {
    const { geometry, srsId } = parseGpkgGeometry(cell);
    // a blob in another CRS than its column's would be placed wrongly without a word
    if (srsId > 0 && t.srsId > 0 && srsId !== t.srsId) {
      throw new FormatError(
        `the geometry says srs_id ${srsId} but the layer's column is declared srs_id ${t.srsId}; the file mixes coordinate systems, re-export it in one CRS`,
        `几何声明 srs_id ${srsId}，但图层几何列声明为 srs_id ${t.srsId}；文件混用了坐标系，请统一坐标系后重新导出`,
      );
    }
    return geometry;
  } catch (e) {
    if (e instanceof FormatError) throw context(e);
    throw e;
  }
}

/** an INTEGER read as bigint: a number when exact, else its decimal text (never rounded) */
function exactNumber(v: Cell): SqlValue {
  if (typeof v !== 'bigint') return v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
