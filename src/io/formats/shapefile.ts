// Zipped ESRI Shapefiles: every .shp in the zip (sub-folders too) with its .dbf, .prj and
// .cpg becomes one layer. Records are decoded lazily, in file order.
import { unzipSync } from 'fflate';
import type { Geometry } from 'geojson';
import { parseDbf } from './dbf';
import { parseShp } from './shp';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';

export { decodeCpg } from './dbfEncoding';
export { parseDbf } from './dbf';
export { parseShp } from './shp';

type Part = 'shp' | 'dbf' | 'prj' | 'cpg';

/** Entry names in zips from Chinese Windows are GBK bytes, which fflate hands over as Latin-1 characters. */
function displayName(name: string): string {
  if (!/[\x80-\xff]/.test(name) || /[^\x00-\xff]/.test(name)) return name; // eslint-disable-line no-control-regex -- \x00–\xff is the Latin-1 range, not a control character
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  for (const label of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      // try the next one
    }
  }
  return name;
}

const text = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').trim();

function missingError(zipName: string, present: string, missing: string): FormatError {
  return new FormatError(
    `${zipName}: ${missing} is missing from the zip (there is ${present}). A shapefile needs at least its .shp (shapes) and .dbf (attributes), with the same name; zip all the files of the layer (.shp, .shx, .dbf, .prj, .cpg) together.`,
    `${zipName}：压缩包中缺少 ${missing}（只有 ${present}）。Shapefile 至少需要同名的 .shp（图形）和 .dbf（属性）文件；请将图层的全部文件（.shp、.shx、.dbf、.prj、.cpg）一起压缩。`,
  );
}

/** The central directory's smallest entry (46 bytes): a count needing more than the file holds is a damaged zip. */
const CENTRAL_ENTRY_BYTES = 46;
/** Deflate cannot expand more than 1032:1; a larger claim is a damaged header or a zip bomb. */
const MAX_DEFLATE_RATIO = 1032;
/** The shapefile parts of one upload, unpacked, at most (the largest planners' layers are ~200 MB). */
const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

function damagedZip(fileName: string, what: string, whatZh: string): FormatError {
  return new FormatError(
    `${fileName}: not a readable zip file (${what}); it is damaged, truncated or not a zip. Zip the shapefile's files (.shp, .shx, .dbf, .prj, .cpg) again and upload the new zip.`,
    `${fileName}：不是可读取的 zip 文件（${whatZh}），文件已损坏、不完整或不是 zip。请重新压缩 Shapefile 的全部文件（.shp、.shx、.dbf、.prj、.cpg）后上传。`,
  );
}

/** Checks the end-of-central-directory record before fflate walks the entry count it gives (up to 2^32 with zip64). */
function checkZipDirectory(bytes: Uint8Array, fileName: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => (at >= 0 && at + 4 <= bytes.byteLength ? view.getUint32(at, true) : 0);
  let end = bytes.byteLength - 22;
  while (end > 0 && u32(end) !== 0x06054b50 && bytes.byteLength - end <= 65558) end--;
  if (end <= 0 || u32(end) !== 0x06054b50) throw damagedZip(fileName, 'no end of central directory', '缺少中央目录结尾');
  let entries = view.getUint16(end + 8, true);
  let directory = u32(end + 16);
  if (u32(end - 20) === 0x07064b50) {
    const zip64 = u32(end - 12);
    if (u32(zip64) === 0x06064b50) {
      entries = u32(zip64 + 32);
      directory = u32(zip64 + 48);
    }
  }
  if (directory + entries * CENTRAL_ENTRY_BYTES > bytes.byteLength) {
    throw damagedZip(fileName, `its directory lists ${entries} files, more than the ${bytes.byteLength} bytes can hold`, `目录声明 ${entries} 个文件，超出文件容量`);
  }
}

/** The entry filter: shapefile parts only, and no part claiming more than deflate can give. */
function entryFilter(fileName: string): (f: { name: string; size: number; originalSize: number }) => boolean {
  let total = 0;
  return (f) => {
    // macOS zips carry "__MACOSX/._x.shp" resource forks that are not shapefiles
    if (/(^|[/\\])(__MACOSX[/\\]|\._)/.test(f.name) || !/\.(shp|dbf|prj|cpg)$/i.test(f.name)) return false;
    const name = displayName(f.name);
    if (f.originalSize > f.size * MAX_DEFLATE_RATIO + 1024) {
      throw damagedZip(fileName, `${name} claims ${f.originalSize} bytes from ${f.size} compressed`, `${name} 声明由 ${f.size} 字节解压为 ${f.originalSize} 字节`);
    }
    total += f.originalSize;
    if (total > MAX_UNZIPPED_BYTES) {
      throw new FormatError(
        `${fileName}: the shapefile unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB, more than ParkAtlas reads at once; split the layer into several files (e.g. by district) and import them one by one.`,
        `${fileName}：该 Shapefile 解压后超过 ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB，超出一次可读取的大小；请将图层拆分为多个文件（如按行政区）后逐个导入。`,
      );
    }
    return true;
  };
}

export async function readShapefileZip(bytes: Uint8Array, fileName = 'upload.zip'): Promise<SourceLayer[]> {
  let files: Record<string, Uint8Array>;
  try {
    checkZipDirectory(bytes, fileName);
    files = unzipSync(bytes, { filter: entryFilter(fileName) });
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(
      `${fileName}: not a readable zip file (${e instanceof Error ? e.message : String(e)}). Zip the shapefile's files (.shp, .shx, .dbf, .prj, .cpg) and upload the zip.`,
      `${fileName}：不是可读取的 zip 文件。请将 Shapefile 的全部文件（.shp、.shx、.dbf、.prj、.cpg）压缩后上传。`,
    );
  }

  // group by path without extension, case-insensitively: parcels.SHP goes with parcels.dbf
  const groups = new Map<string, Partial<Record<Part, { path: string; bytes: Uint8Array }>>>();
  for (const [path, data] of Object.entries(files)) {
    const dot = path.lastIndexOf('.');
    const stem = path.slice(0, dot).toLowerCase();
    const part = path.slice(dot + 1).toLowerCase() as Part;
    const group = groups.get(stem) ?? {};
    group[part] = { path, bytes: data };
    groups.set(stem, group);
  }

  const found = [...groups.values()].filter((g) => g.shp || g.dbf);
  if (found.length === 0) {
    throw new FormatError(
      `${fileName}: the zip holds no shapefile (no .shp file). Zip the shapefile's files (.shp, .shx, .dbf, .prj, .cpg) and upload the zip.`,
      `${fileName}：压缩包中没有 Shapefile（没有 .shp 文件）。请将 Shapefile 的全部文件（.shp、.shx、.dbf、.prj、.cpg）压缩后上传。`,
    );
  }

  const baseName = (path: string): string => displayName(path.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, ''));
  const baseCounts = new Map<string, number>();
  for (const g of found) {
    const b = baseName((g.shp ?? g.dbf)!.path);
    baseCounts.set(b, (baseCounts.get(b) ?? 0) + 1);
  }

  const layers: SourceLayer[] = [];
  for (const g of found) {
    const { shp, dbf, prj, cpg } = g;
    if (!shp) throw missingError(fileName, displayName(dbf!.path), displayName(dbf!.path.replace(/dbf$/i, 'shp')));
    if (!dbf) throw missingError(fileName, displayName(shp.path), displayName(shp.path.replace(/shp$/i, 'dbf')));
    const shpName = displayName(shp.path);
    const dbfName = displayName(dbf.path);
    const shapes = parseShp(shp.bytes, shpName);
    const table = parseDbf(dbf.bytes, { cpg: cpg ? text(cpg.bytes) : undefined, fileName: dbfName });
    if (shapes.count !== table.recordCount) {
      throw new FormatError(
        `${fileName}: ${shpName} has ${shapes.count} shapes but ${dbfName} has ${table.recordCount} records; they must match one to one. The files may come from different exports: export the layer again and zip all its files together.`,
        `${fileName}：${shpName} 有 ${shapes.count} 个图形，而 ${dbfName} 有 ${table.recordCount} 条记录，两者必须一一对应。文件可能来自不同的导出：请重新导出图层并将全部文件一起压缩。`,
      );
    }
    const wkt = prj ? text(prj.bytes) : '';
    const crs: CrsHint = wkt ? { kind: 'wkt', wkt } : { kind: 'none' };
    const base = baseName(shp.path);
    layers.push({
      // same base name in two folders: tell them apart by the path
      name: baseCounts.get(base)! > 1 ? shpName.replace(/\.[^.]*$/, '') : base,
      crs,
      fields: table.fields.map((f) => f.name),
      count: table.count,
      encoding: table.encoding,
      async *features(): AsyncGenerator<RawFeature> {
        const geometries = shapes.geometries();
        let read = 0;
        for (const record of table.records()) {
          // deleted .dbf records still have their .shp record: skip those shapes too
          let geometry: Geometry | null = null;
          for (; read <= record.index; read++) geometry = geometries.next().value ?? null;
          // no id: a shapefile has none of its own, only the record's position
          yield { properties: record.properties, geometry };
        }
      },
    });
  }
  return layers;
}
