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

const PARTS = ['shp', 'dbf', 'prj', 'cpg'] as const;
type Part = (typeof PARTS)[number];

/** Entry names in zips from Chinese Windows are GBK bytes, which fflate hands over as Latin-1 characters. */
function displayName(name: string): string {
  if (!/[\x80-\xff]/.test(name) || /[^\x00-\xff]/.test(name)) return name;
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

export async function readShapefileZip(bytes: Uint8Array, fileName = 'upload.zip'): Promise<SourceLayer[]> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      // macOS zips carry "__MACOSX/._x.shp" resource forks that are not shapefiles
      filter: (f) => !/(^|[/\\])(__MACOSX[/\\]|\._)/.test(f.name) && /\.(shp|dbf|prj|cpg)$/i.test(f.name),
    });
  } catch (e) {
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
