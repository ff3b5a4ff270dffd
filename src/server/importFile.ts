// A planner's file imported on the server, the same way the CLI and the import dialog do it:
// read (any format), detect and check the CRS, map the fields, check every feature against
// the project, then write all of them in one transaction — or none. The reading and checking
// run in the worker pool, with a time and memory budget: the file is untrusted.
import type { LayerName } from '../domain/schema/kinds';
import { LAYER_NAMES } from '../domain/schema/kinds';
import type { SourceLayer } from '../io/formats/source';
import type { FieldMapping } from '../io/import/fieldMapping';
import { prepareImport, type Existing, type ImportFeature, type PreparedImport } from '../io/import/prepareImport';
import { importFeatures, listFeatures, type Db } from './store';
import { HttpError } from './httpError';
import { TaskError, TaskMemoryError, TaskTimeoutError, type WorkerPool } from './workers/pool';
import type { ReadImportOutput } from './workers/tasks/importTasks';

export interface FileImport {
  projectId: string;
  layer: LayerName;
  fileName: string;
  bytes: Uint8Array;
  crs?: number;
  sourceLayer?: string;
  acceptDatumShift?: boolean;
  mapping?: FieldMapping;
  user: { id: string; username: string };
  /** check only */
  dryRun?: boolean;
  /** the worker's time budget for reading and checking (the pool's default when absent) */
  timeoutMs?: number;
}

export interface FileImportResult {
  sourceLayer: string;
  /** every layer the file holds */
  layers: string[];
  encoding?: { name: string; source: string };
  prepared: PreparedImport;
  /** 0 when there were problems (nothing written) or on a dry run */
  imported: number;
}

/** The project's features as an import checks against them. */
export async function existingFeatures(db: Db, projectId: string): Promise<Existing> {
  const stored = await Promise.all(LAYER_NAMES.map((layer) => listFeatures(db, { projectId, layer })));
  const of = (layer: LayerName) => stored[LAYER_NAMES.indexOf(layer)].map((f) => ({ id: f.id, geometry: f.geometry }));
  return { ids: new Set(stored.flat().map((f) => f.id)), parcels: of('parcels'), zones: of('zones') };
}

/** A layer already read, imported: checked against the project, then written unless there were problems or it is a dry run. */
export interface SourceImport {
  projectId: string;
  layer: LayerName;
  source: SourceLayer;
  crs?: number;
  acceptDatumShift?: boolean;
  mapping?: FieldMapping;
  /** repair what repairGeometry can instead of refusing it */
  repair?: boolean;
  user: { id: string; username: string };
  /** the history's comment for the write */
  comment: string;
  /** check only */
  dryRun?: boolean;
  onProgress?(done: number, total: number | undefined): void;
}

export async function importSource(db: Db, args: SourceImport): Promise<{ prepared: PreparedImport; imported: number }> {
  const features: ImportFeature[] = [];
  const prepared = await prepareImport(
    args.source,
    { layer: args.layer, crs: args.crs, acceptDatumShift: args.acceptDatumShift, mapping: args.mapping, repair: args.repair },
    await existingFeatures(db, args.projectId),
    { onChunk: (chunk) => void features.push(...chunk), onProgress: args.onProgress },
  );
  if (prepared.errorCount > 0 || args.dryRun) return { prepared, imported: 0 };
  const imported = await importFeatures(db, { projectId: args.projectId, layer: args.layer, features, user: args.user, comment: args.comment });
  return { prepared, imported };
}

/** An answer for a file the worker could not read within its budget, or refused as unreadable. */
function fileError(fileName: string, e: unknown): unknown {
  if (e instanceof TaskTimeoutError) {
    const seconds = Math.round(e.timeoutMs / 1000);
    return new HttpError(422, 'file-too-costly', `${fileName} took longer than ${seconds} s to read and check, and was stopped. Check that the file is not damaged (open it in QGIS), or split the layer into smaller files (e.g. by district) and import them one by one.`, {
      messageZh: `${fileName} 读取和检查超过 ${seconds} 秒，已停止。请确认文件未损坏（可在 QGIS 中打开），或将图层拆分为较小的文件（如按行政区）后逐个导入。`,
    });
  }
  if (e instanceof TaskMemoryError) {
    return new HttpError(422, 'file-too-costly', `${fileName} needed more than ${e.maxHeapMb} MB of memory to read and check, and was stopped. Check that the file is not damaged (open it in QGIS), or split the layer into smaller files (e.g. by district) and import them one by one.`, {
      messageZh: `${fileName} 读取和检查所需内存超过 ${e.maxHeapMb} MB，已停止。请确认文件未损坏（可在 QGIS 中打开），或将图层拆分为较小的文件（如按行政区）后逐个导入。`,
    });
  }
  if (e instanceof TaskError && e.errorName === 'FormatError') {
    return new HttpError(422, 'unreadable-file', e.message, { messageZh: typeof e.fields.messageZh === 'string' ? e.fields.messageZh : e.message });
  }
  return e;
}

/** The bytes in an ArrayBuffer of their own, so that transferring it to the worker takes nothing else with it. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

/**
 * Reads and checks the file in a worker of the pool (an untrusted file that loops or
 * allocates without end costs that worker, not the event loop), then writes on this thread
 * when there were no problems and it is not a dry run. Every refusal is an HttpError.
 */
export async function importFile(db: Db, pool: WorkerPool, args: FileImport): Promise<FileImportResult> {
  const existing = await existingFeatures(db, args.projectId);
  const bytes = ownBuffer(args.bytes);
  let read: ReadImportOutput;
  try {
    read = await pool.run('readImport', {
      fileName: args.fileName,
      bytes,
      sourceLayer: args.sourceLayer,
      plan: { layer: args.layer, crs: args.crs, acceptDatumShift: args.acceptDatumShift, mapping: args.mapping },
      existing,
      wantFeatures: !args.dryRun,
    }, { transfer: [bytes.buffer as ArrayBuffer], timeoutMs: args.timeoutMs });
  } catch (e) {
    throw fileError(args.fileName, e);
  }
  const { prepared, features } = read;
  const imported = prepared.errorCount > 0 || args.dryRun ? 0 : await importFeatures(db, { projectId: args.projectId, layer: args.layer, features, user: args.user, comment: `import ${args.fileName}` });
  return { sourceLayer: read.sourceLayer, layers: read.layers, ...(read.encoding ? { encoding: read.encoding } : {}), prepared, imported };
}
