// A planner's file imported on the server, the same way the CLI and the import dialog do it:
// read (any format), detect and check the CRS, map the fields, check every feature against
// the project, then write all of them in one transaction — or none.
import type { LayerName } from '../domain/schema/kinds';
import { LAYER_NAMES } from '../domain/schema/kinds';
import { readSource } from '../io/formats/readSource';
import { FormatError, type SourceLayer } from '../io/formats/source';
import { openSqlJs } from '../io/formats/sqlJs';
import type { FieldMapping } from '../io/import/fieldMapping';
import { prepareImport, type Existing, type ImportFeature, type PreparedImport } from '../io/import/prepareImport';
import { importFeatures, listFeatures, type Db } from './store';
import type { WorkerPool } from './workers/pool';

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
  onProgress?(done: number, total: number | undefined): void;
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

export async function importFile(db: Db, _pool: WorkerPool, args: FileImport): Promise<FileImportResult> {
  const layers = await readSource(args.fileName, args.bytes, { sql: () => openSqlJs() });
  const source = args.sourceLayer ? layers.find((l) => l.name === args.sourceLayer) : layers[0];
  if (!source) {
    const names = layers.map((l) => l.name).join(', ');
    throw new FormatError(`${args.fileName} has no layer ${args.sourceLayer}; it has ${names}`, `${args.fileName} 中没有图层 ${args.sourceLayer}；它含有 ${names}`);
  }
  const { prepared, imported } = await importSource(db, {
    projectId: args.projectId,
    layer: args.layer,
    source,
    crs: args.crs,
    acceptDatumShift: args.acceptDatumShift,
    mapping: args.mapping,
    user: args.user,
    comment: `import ${args.fileName}`,
    dryRun: args.dryRun,
    onProgress: args.onProgress,
  });
  return { sourceLayer: source.name, layers: layers.map((l) => l.name), ...(source.encoding ? { encoding: source.encoding } : {}), prepared, imported };
}
