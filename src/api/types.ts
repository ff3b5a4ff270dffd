// The HTTP API's requests and responses: the one module the app and the server share
// (they meet here and nowhere else). Paths are a contract scripts use; see README "API".
import type { Feature } from 'geojson';
import type { Report, RuleStatus, Unit } from '../domain/policy/pack';
import type { CityComparison } from '../domain/report/compareCities';
import type { AreaGeometry, LayerName } from '../domain/schema/kinds';

export type Role = 'admin' | 'planner' | 'reviewer';
export type ProjectRole = 'planner' | 'reviewer';

/** Every error: a 4xx (or a 5xx without internals) with a code and what to fix. */
export interface ApiError {
  code: string;
  message: string;
}

export interface HealthResponse {
  ok: true;
  store: 'pglite' | 'postgres';
  version: string;
}

/** POST /api/session */
export interface LoginRequest {
  username: string;
  password: string;
}

/** GET /api/session (and the answer to a login) */
export interface SessionResponse {
  user: string;
  role: Role;
  /** send as the x-csrf-token header on every write */
  csrfToken: string;
}

export interface Project {
  id: string;
  name: string;
  role: Role | ProjectRole;
}

/** POST /api/projects (admin) */
export interface CreateProjectRequest {
  name: string;
}

/** POST /api/projects/:pid/members (admin) */
export interface AddMemberRequest {
  username: string;
  role: ProjectRole;
}

/** A stored feature: GeoJSON with its id and a `version` foreign member. */
export type ApiFeature = Feature<AreaGeometry, Record<string, unknown>> & { id: string; version: number };
export interface ApiFeatureCollection {
  type: 'FeatureCollection';
  features: ApiFeature[];
}

/** PUT /api/projects/:pid/layers/:layer/features/:fid */
export interface UpdateFeatureRequest {
  version: number;
  feature: Feature<AreaGeometry, Record<string, unknown>>;
  comment?: string;
}

/** One edit of a batch (a split: update + create; a merge: update + delete). */
export type BatchEdit =
  | { op: 'create'; layer: LayerName; feature: Feature<AreaGeometry, Record<string, unknown>> }
  | { op: 'update'; layer: LayerName; id: string; version: number; feature: Feature<AreaGeometry, Record<string, unknown>> }
  | { op: 'delete'; layer: LayerName; id: string; version: number };

/** POST /api/projects/:pid/batch: all edits in one transaction, or none. */
export interface BatchRequest {
  edits: BatchEdit[];
  comment?: string;
}

export interface BatchResponse {
  /** per edit: the feature as stored, or {id, version} of a deletion */
  results: Array<ApiFeature | { id: string; version: number; deleted: true }>;
}

/** 409: the edit was made against an old version; nothing was overwritten. */
export interface ConflictResponse extends ApiError {
  code: 'stale-version';
  /** the feature as it is now, or null when it was deleted */
  current: ApiFeature | null;
}

/** One problem with one feature of an import or edit. */
export interface FeatureProblem {
  /** the feature's id, or #n for its position when it has none */
  feature: string;
  field?: string;
  message: string;
}

/** 422: the import (or edit) had problems; nothing was written. */
export interface ValidationResponse extends ApiError {
  code: 'invalid-features';
  errors: FeatureProblem[];
}

/** POST /api/projects/:pid/layers/:layer/import answers */
export interface ImportResponse {
  imported: number;
}

/** POST /api/projects/:pid/imports: starts a staged import (planner/admin). */
export interface StartImportRequest {
  layer: LayerName;
  /** goes into every feature's history */
  comment?: string;
  /** the number of features the client will send; the commit refuses any other count */
  expected?: number;
}

/** 201 to POST /api/projects/:pid/imports */
export interface ImportStarted {
  id: string;
  layer: LayerName;
  received: 0;
}

/** One feature of a chunk: checked and in EPSG:4490 lon/lat (src/io/import/prepareImport.ts). */
export interface ImportChunkFeature {
  id: string;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

/** POST /api/projects/:pid/imports/:iid/chunks */
export interface ImportChunkRequest {
  features: ImportChunkFeature[];
}

/** the answer to a chunk: the features staged so far */
export interface ImportChunkResponse {
  received: number;
}

/** POST /api/projects/:pid/imports/:iid/commit answers */
export type CommitImportResponse = ImportResponse;

/** DELETE /api/projects/:pid/imports/:iid answers */
export interface CancelImportResponse {
  cancelled: true;
}

/** GET /api/projects/:pid/imports/:iid */
export interface ImportStatus {
  id: string;
  layer: LayerName;
  received: number;
  createdAt: string;
  /** the username of who started it */
  user: string;
}

/** A file's attributes onto the schema's (src/io/import/fieldMapping.ts FieldMapping). */
export interface ImportFieldMapping {
  /** schema attribute (or 'id') → source field */
  fields: Record<string, string>;
  /** land-use value as found → the known land-use code stored */
  landUseValues: Record<string, string>;
}

/** One of GET /api/projects/:pid/import-mappings (readers), by name. */
export interface SavedImportMapping {
  name: string;
  layer: LayerName;
  mapping: ImportFieldMapping;
  /** username of who saved it last */
  updatedBy: string;
  updatedAt: string;
}

/** PUT /api/projects/:pid/import-mappings/:name (planners, admins): saves or overwrites. */
export interface SaveImportMappingRequest {
  layer: LayerName;
  mapping: ImportFieldMapping;
}

/** GET /api/projects/:pid/features/:fid/history */
export interface HistoryEntry {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore' | 'import';
  user: string;
  at: string;
  comment: string | null;
  before: { properties: Record<string, unknown>; geometry: AreaGeometry } | null;
  after: { properties: Record<string, unknown>; geometry: AreaGeometry } | null;
}

/** POST /api/projects/:pid/features/:fid/restore */
export interface RestoreRequest {
  /** the version to restore */
  version: number;
  /** the version the feature has now (its deletion's, for a deleted one): a stale one is a 409 */
  currentVersion: number;
  comment?: string;
}

/** GET /api/projects/:pid/report?policy=<id>: exactly the CLI's JSON report. */
export type ReportResponse = Pick<Report, 'policy' | 'version' | 'title' | 'rules'>;

export type ExportFormat = 'geojson' | 'fgb' | 'csv' | 'rules-csv';

/** POST /api/projects/:pid/snapshots {name}; GET /api/projects/:pid/snapshots lists them. */
export interface SnapshotInfo {
  id: string;
  name: string;
  createdAt: string;
  /** the username of who saved it */
  createdBy: string;
  featureCount: number;
}

/**
 * GET /api/projects/:pid/snapshots/:sid/compare[?policy=<id>]: now against the snapshot
 * (src/domain/report/compareCities.ts). Industrial land is the pack's (chongqing-2021 by
 * default, whose CQ-3 compares against a baseline). Areas in m², exact and ellipsoidal.
 */
export type SnapshotComparison = { snapshot: SnapshotInfo; policy: string } & CityComparison;

export const API_LAYERS: readonly LayerName[] = ['districts', 'zones', 'parks', 'parcels'];

/**
 * POST /api/projects/:pid/layers/:layer/import-file?name=<file name>[&crs=EPSG:nnnn][&sourceLayer=…]
 * [&acceptDatumShift=1][&dryRun=1][&mapping=<JSON>], the file's bytes as application/octet-stream.
 * 201 when imported (200 on a dry run); 422 `invalid-features` with every problem when not.
 */
export interface ImportFileResponse {
  imported: number;
  sourceLayer: string;
  layers: string[];
  encoding?: { name: string; source: string };
  crs: { code: number | null; source: string; confidence: string; warnings: Array<{ code: string; en: string; zh: string }> };
  mapping: ImportFieldMapping;
  notes: Array<{ field: string; en: string; zh: string }>;
  warnings: Array<{ feature: string; field?: string; en: string; zh: string }>;
  areaM2: number;
}

/**
 * GET /api/projects/:pid/snapshots/trend?policy=<id>[&lang=en]: every snapshot evaluated with
 * the pack (and the project's price tables), oldest first, for the dashboard's trend lines.
 * A snapshot is evaluated on its own (rules needing a baseline, like CQ-3, are n/a).
 */
export interface TrendResponse {
  policy: string;
  version: string;
  points: Array<{
    snapshotId: string;
    name: string;
    createdAt: string;
    rules: Array<{ id: string; scope: string; scopeName: string; title: string; unit: Unit; value: number | null; status: RuleStatus }>;
  }>;
}

/** GET /api/projects/:pid/snapshots/:sid/features: the snapshot's features by layer. */
export interface SnapshotFeaturesResponse {
  snapshot: SnapshotInfo;
  layers: Record<LayerName, ApiFeature[]>;
}
