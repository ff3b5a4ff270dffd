// Imports: a GeoJSON collection in one request, a planner's file in any format (read in a
// worker, see importFile.ts), and the staged import the app's dialog uses (chunks, then
// commit or cancel); and the field mappings saved per project.
import type { FastifyInstance } from 'fastify';
import type {
  CancelImportResponse,
  CommitImportResponse,
  FeatureProblem,
  ImportChunkRequest,
  ImportChunkResponse,
  ImportFieldMapping,
  ImportFileResponse,
  ImportStarted,
  ImportStatus,
  SaveImportMappingRequest,
  SavedImportMapping,
  StartImportRequest,
  ValidationResponse,
} from '../../api/types';
import { API_LAYERS } from '../../api/types';
import { FIELD_LABELS, fieldLabel } from '../../domain/schema/attributes';
import type { LayerName } from '../../domain/schema/kinds';
import { isKnownLandUse } from '../../domain/schema/landUse';
import { HttpError } from '../httpError';
import { BODY_LIMITS, MAX_INT, optionalText, shortValue, TEXT_LIMITS } from '../http/limits';
import { importFile } from '../importFile';
import type { Session } from '../store/accounts';
import {
  addImportRows,
  cancelImport,
  commitImport,
  createImport,
  deleteImportMapping,
  DuplicateIdError,
  getImport,
  ImportCountError,
  importFeatures,
  listImportMappings,
  NoImportError,
  saveImportMapping,
  StagedDuplicateError,
  type ImportInfo,
  type ImportRef,
} from '../store';
import type { RouteContext } from './context';
import { checkedFeatures, isApiLayer, isRecord, layerOf, writableLayer } from './featureChecks';

type LayerParams = { pid: string; layer: string };
type ImportParams = { pid: string; iid: string };
type MappingParams = { pid: string; name: string };
type FileQuery = { name?: string; crs?: string; sourceLayer?: string; acceptDatumShift?: string; dryRun?: string; mapping?: string };

/** The store's import errors as answers; anything else is rethrown as it is. */
function importError(e: unknown): unknown {
  if (e instanceof NoImportError) return new HttpError(404, 'no-import', e.message);
  if (e instanceof StagedDuplicateError) {
    const errors: FeatureProblem[] =
      e.ids.length > 0
        ? e.ids.map((id) => ({ feature: id, field: 'id', message: `id ${id} is already staged by an earlier chunk of this import: ids must be unique in the file` }))
        : [{ feature: '?', field: 'id', message: 'an id of this chunk is already staged by an earlier chunk of this import: ids must be unique in the file' }];
    return new HttpError(422, 'invalid-features', `${errors.length} problem(s); this chunk was not staged (the chunks before it stay staged)`, { errors });
  }
  if (e instanceof ImportCountError) {
    return new HttpError(
      409,
      'count-mismatch',
      `the import was started expecting ${e.expected} features but ${e.received} were received; nothing was written: send the missing chunks, or cancel the import and start again`,
      { expected: e.expected, received: e.received },
    );
  }
  return e;
}

/** A store call on an import, its errors as answers. */
async function onImport<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw importError(e);
  }
}

const KNOWN_ATTRIBUTES = ['id', ...Object.keys(FIELD_LABELS).filter((key) => !key.includes('.'))];
const badMapping = (field: string, message: string): HttpError => new HttpError(400, 'bad-import-mapping', `${field}: ${message}`, { field });

/** The mapping as sent, checked: every attribute known to the layer, every land-use code known. */
export function checkedMapping(layer: LayerName, raw: unknown, field = 'mapping'): ImportFieldMapping {
  if (!isRecord(raw)) throw badMapping(field, 'send {"fields": {attribute: source field}, "landUseValues": {value: code}}');
  const { fields, landUseValues = {} } = raw;
  if (!isRecord(fields)) throw badMapping(`${field}.fields`, 'must be an object of attribute → source field');
  if (!isRecord(landUseValues)) throw badMapping(`${field}.landUseValues`, 'must be an object of land-use value → code');
  for (const [attribute, sourceField] of Object.entries(fields)) {
    if (attribute !== 'id' && (attribute.includes('.') || !fieldLabel(layer, attribute)))
      throw badMapping(`${field}.fields.${attribute}`, `'${attribute}' is not an attribute of ${layer}: use one of ${KNOWN_ATTRIBUTES.join(', ')}`);
    if (typeof sourceField !== 'string' || sourceField === '') throw badMapping(`${field}.fields.${attribute}`, 'the source field must be a non-empty text');
  }
  for (const [value, code] of Object.entries(landUseValues)) {
    if (value === '') throw badMapping(`${field}.landUseValues`, 'a land-use value must not be empty');
    if (typeof code !== 'string' || !isKnownLandUse(code))
      throw badMapping(`${field}.landUseValues.${value}`, `${JSON.stringify(code)} is not a known land-use code (GB/T 2023 classes, GB 50137, 三调 or local codes)`);
  }
  return { fields: fields as Record<string, string>, landUseValues: landUseValues as Record<string, string> };
}

/** ?mapping=… of a file import: JSON of a checked mapping. */
function mappingParam(layer: LayerName, value: string | undefined): ImportFieldMapping | undefined {
  if (!value) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw badMapping('mapping', 'must be JSON: {"fields": {"landUse": "DLBM"}, "landUseValues": {}}');
  }
  return checkedMapping(layer, raw);
}

export function registerImportRoutes(app: FastifyInstance, { db, access, pool, heavy }: RouteContext): void {
  const importRef = (params: ImportParams, u: Session['user']): ImportRef => ({ projectId: params.pid, importId: params.iid, userId: u.id });
  /** The user's own import, or a 404. */
  const ownImport = async (ref: ImportRef): Promise<ImportInfo> => {
    const staged = await getImport(db, ref);
    if (!staged) throw importError(new NoImportError(ref));
    return staged;
  };

  app.post<{ Params: LayerParams }>('/api/projects/:pid/layers/:layer/import', { bodyLimit: BODY_LIMITS.import }, async (request, reply) => {
    const { user } = await access(request, request.params.pid, true);
    const layer = writableLayer(layerOf(request.params.layer), user, 'import');
    const body = request.body as { type?: unknown; features?: unknown } | null;
    if (!body || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new HttpError(400, 'not-a-collection', 'send a GeoJSON FeatureCollection');
    const features = checkedFeatures(layer, body.features, false);
    try {
      const imported = await importFeatures(db, { projectId: request.params.pid, layer, features, user });
      reply.status(201);
      return { imported };
    } catch (e) {
      if (e instanceof DuplicateIdError) {
        const response: ValidationResponse = {
          code: 'invalid-features',
          message: '1 problem; nothing was written',
          errors: [{ feature: e.featureId ?? '?', field: 'id', message: `id ${e.featureId} already exists in this project: give it another id or update the existing feature` }],
        };
        throw new HttpError(422, response.code, response.message, { errors: response.errors });
      }
      throw e;
    }
  });

  // A file as planners have it (GeoJSON, FlatGeobuf, GeoPackage, zipped Shapefile, CSV), raw
  // bytes in the body; read and checked in a worker, written in one go (see importFile.ts).
  app.post<{ Params: LayerParams; Querystring: FileQuery }>(
    '/api/projects/:pid/layers/:layer/import-file',
    { bodyLimit: BODY_LIMITS.file },
    async (request, reply): Promise<ImportFileResponse> => {
      const { user } = await access(request, request.params.pid, true);
      const layer = writableLayer(layerOf(request.params.layer), user, 'import');
      const q = request.query;
      const fileName = optionalText(q.name, 'name', TEXT_LIMITS.name);
      if (!fileName) throw new HttpError(400, 'no-name', 'send the file name as ?name=parcels.zip (the format is told by it and by the content)', { field: 'name' });
      if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'not-bytes', 'send the file itself with Content-Type: application/octet-stream');
      const crsMatch = q.crs === undefined ? null : /^(?:EPSG:)?(\d{4,6})$/i.exec(q.crs);
      if (q.crs !== undefined && !crsMatch) throw new HttpError(400, 'bad-crs', `crs ${shortValue(q.crs)}: write it as EPSG:4547`, { field: 'crs' });
      const sourceLayer = optionalText(q.sourceLayer, 'sourceLayer', TEXT_LIMITS.name) ?? undefined;
      const mapping = mappingParam(layer, q.mapping);
      const bytes = new Uint8Array(request.body);
      const result = await heavy(user, () =>
        importFile(db, pool, {
          projectId: request.params.pid,
          layer,
          fileName,
          bytes,
          user,
          crs: crsMatch ? Number(crsMatch[1]) : undefined,
          sourceLayer,
          acceptDatumShift: q.acceptDatumShift === '1',
          mapping,
          dryRun: q.dryRun === '1',
        }),
      );
      const { prepared } = result;
      const body: ImportFileResponse = {
        imported: result.imported,
        sourceLayer: result.sourceLayer,
        layers: result.layers,
        encoding: result.encoding,
        crs: prepared.detection,
        mapping: prepared.mapping,
        notes: prepared.notes,
        warnings: prepared.warnings,
        areaM2: prepared.areaM2,
      };
      if (prepared.errorCount > 0) {
        const errors: FeatureProblem[] = prepared.errors.map((p) => ({
          feature: p.feature,
          ...(p.field ? { field: p.field } : {}),
          message: p.at ? `${p.en} (at ${p.at[0].toFixed(6)}, ${p.at[1].toFixed(6)})` : p.en,
        }));
        throw new HttpError(422, 'invalid-features', `${prepared.errorCount} problem(s); nothing was imported`, {
          errors,
          errorCount: prepared.errorCount,
          errorsZh: prepared.errors.map((p) => p.zh),
          crs: prepared.detection,
        });
      }
      reply.status(q.dryRun === '1' ? 200 : 201);
      return body;
    },
  );

  // Staged import (README "API"): the client checks and converts the file, sends it in
  // chunks (each checked again here, staged, not yet features), then commits all of it
  // in one transaction or cancels. An import is its starter's alone: to others it is a 404.
  app.post<{ Params: { pid: string }; Body: StartImportRequest }>('/api/projects/:pid/imports', async (request, reply): Promise<ImportStarted> => {
    const { user } = await access(request, request.params.pid, true);
    const { layer, comment, expected } = (isRecord(request.body) ? request.body : {}) as { layer?: unknown; comment?: unknown; expected?: unknown };
    const usage = 'send {"layer": "parcels", "comment"?: "…", "expected"?: <number of features>}';
    if (!isApiLayer(layer)) throw new HttpError(400, 'bad-import', `layer must be one of ${API_LAYERS.join(', ')}: ${usage}`, { field: 'layer' });
    writableLayer(layer, user, 'import');
    const text = optionalText(comment, 'comment', TEXT_LIMITS.comment) ?? undefined;
    if (expected !== undefined && !(typeof expected === 'number' && Number.isInteger(expected) && expected >= 0 && expected <= MAX_INT))
      throw new HttpError(400, 'bad-import', `expected must be a whole number from 0 to ${MAX_INT}: ${usage}`, { field: 'expected' });
    const started = await createImport(db, { projectId: request.params.pid, layer, user, comment: text, expected });
    reply.status(201);
    return { id: started.id, layer: started.layer, received: 0 };
  });

  app.post<{ Params: ImportParams; Body: ImportChunkRequest }>(
    '/api/projects/:pid/imports/:iid/chunks',
    { bodyLimit: BODY_LIMITS.import },
    async (request): Promise<ImportChunkResponse> => {
      const { user } = await access(request, request.params.pid, true);
      const ref = importRef(request.params, user);
      const staged = await ownImport(ref);
      const features = (isRecord(request.body) ? request.body : {}).features;
      if (!Array.isArray(features)) throw new HttpError(400, 'bad-chunk', 'send {"features": [{"id": …, "properties": {…}, "geometry": {…}}, …]}');
      // Chunk features are bare {id, properties, geometry}; the checks read GeoJSON Features.
      const raws = features.map((f: unknown) => (isRecord(f) ? { type: 'Feature', ...f } : f));
      const rows = checkedFeatures(staged.layer, raws, true, { offset: staged.received }).map((f) => ({ id: f.id as string, properties: f.properties, geometry: f.geometry }));
      return { received: await onImport(addImportRows(db, { ...ref, rows })) };
    },
  );

  app.post<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid/commit', async (request): Promise<CommitImportResponse> => {
    const { user } = await access(request, request.params.pid, true);
    return { imported: await onImport(commitImport(db, { ...importRef(request.params, user), user })) };
  });

  app.delete<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid', async (request): Promise<CancelImportResponse> => {
    const { user } = await access(request, request.params.pid, true);
    await onImport(cancelImport(db, importRef(request.params, user)));
    return { cancelled: true };
  });

  app.get<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid', async (request): Promise<ImportStatus> => {
    const { user } = await access(request, request.params.pid, false);
    const staged = await ownImport(importRef(request.params, user));
    return { id: staged.id, layer: staged.layer, received: staged.received, createdAt: staged.createdAt, user: staged.username };
  });

  // Saved import mappings: a planner's field and land-use mapping for a kind of file, by name.
  app.get<{ Params: { pid: string } }>('/api/projects/:pid/import-mappings', async (request): Promise<SavedImportMapping[]> => {
    await access(request, request.params.pid, false);
    return listImportMappings(db, { projectId: request.params.pid });
  });

  app.put<{ Params: MappingParams; Body: SaveImportMappingRequest }>('/api/projects/:pid/import-mappings/:name', async (request): Promise<SavedImportMapping> => {
    const { user } = await access(request, request.params.pid, true);
    const { name } = request.params;
    if (name.trim() === '' || name.length > 100) throw badMapping('name', 'give the mapping a name of 1 to 100 characters');
    const { layer, mapping } = (isRecord(request.body) ? request.body : {}) as { layer?: unknown; mapping?: unknown };
    if (!isApiLayer(layer)) throw badMapping('layer', `must be one of ${API_LAYERS.join(', ')}`);
    return saveImportMapping(db, { projectId: request.params.pid, name, layer, mapping: checkedMapping(layer, mapping), user });
  });

  app.delete<{ Params: MappingParams }>('/api/projects/:pid/import-mappings/:name', async (request): Promise<{ deleted: true }> => {
    await access(request, request.params.pid, true);
    await deleteImportMapping(db, { projectId: request.params.pid, name: request.params.name });
    return { deleted: true };
  });
}
