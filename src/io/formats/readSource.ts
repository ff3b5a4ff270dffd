// One entry for every format planners bring: the file's name and bytes in, its layers out.
// The format is told by the content where it can be (SQLite, zip and FlatGeobuf magic) and by
// the extension otherwise.
import type { SqlJsStatic } from 'sql.js';
import { readCsvLayer } from './csvLayer';
import { readFlatGeobufLayer } from './flatgeobufLayer';
import { readGeoJsonLayer } from './geojsonLayer';
import { readGeoPackage } from './geopackage';
import { readShapefileZip } from './shapefile';
import { FormatError, type SourceLayer } from './source';

export type SourceFormat = 'geojson' | 'fgb' | 'gpkg' | 'shapefile' | 'csv';

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

export function formatOf(fileName: string, bytes: Uint8Array): SourceFormat | null {
  if (startsWith(bytes, [0x66, 0x67, 0x62, 0x03])) return 'fgb'; // "fgb\x03"
  if (startsWith(bytes, [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65])) return 'gpkg'; // "SQLite"
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'shapefile'; // a zip: shapefiles travel zipped
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'shp' || ext === 'dbf' || ext === 'shx') return null; // loose parts: see the message
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{') ? 'geojson' : null;
}

export interface ReadOptions {
  /** sql.js, initialised by the caller (Node finds its wasm; the browser passes locateFile) */
  sql?: () => Promise<SqlJsStatic>;
  csv?: { wktColumn?: string; lonColumn?: string; latColumn?: string };
}

const utf8 = (bytes: Uint8Array, name: string): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(`${name}: the text is not UTF-8; save it as UTF-8 (GeoJSON requires it, and CSV is read as UTF-8)`, `${name}：文本不是 UTF-8 编码；请另存为 UTF-8（GeoJSON 必须为 UTF-8，CSV 按 UTF-8 读取）`);
  }
};

export async function readSource(fileName: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<SourceLayer[]> {
  const format = formatOf(fileName, bytes);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  switch (format) {
    case 'geojson':
      return [readGeoJsonLayer(utf8(bytes, fileName), base)];
    case 'fgb':
      return [await readFlatGeobufLayer(bytes, base)];
    case 'gpkg': {
      if (!options.sql) throw new FormatError('GeoPackage reading is not available here', '此处无法读取 GeoPackage');
      return readGeoPackage(bytes, await options.sql());
    }
    case 'shapefile':
      return readShapefileZip(bytes, fileName);
    case 'csv':
      return [readCsvLayer(utf8(bytes, fileName), { ...options.csv, name: base })];
    default:
      throw new FormatError(
        `${fileName}: not a format ParkAtlas reads. Use GeoJSON, FlatGeobuf (.fgb), GeoPackage (.gpkg), a zipped Shapefile (.zip with .shp, .shx, .dbf, .prj, .cpg) or CSV with a WKT or lon/lat columns`,
        `${fileName}：不支持的格式。请使用 GeoJSON、FlatGeobuf（.fgb）、GeoPackage（.gpkg）、压缩的 Shapefile（含 .shp .shx .dbf .prj .cpg 的 .zip）或带 WKT 或经纬度列的 CSV`,
      );
  }
}
