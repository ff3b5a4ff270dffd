// The HTTP API (see README "API" and src/api/types.ts). Every figure comes from the
// domain core; SQL stores, filters and serves. Errors are JSON {code, message} with a 4xx
// that says what to fix; a 5xx never carries a stack trace or SQL.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { geojson as fgb } from 'flatgeobuf';
import type { FeatureCollection } from 'geojson';
import type {
  AddMemberRequest, ApiFeature, ApiFeatureCollection, ConflictResponse, CreateProjectRequest, FeatureProblem,
  HealthResponse, HistoryEntry as ApiHistoryEntry, LoginRequest, ProjectRole, RestoreRequest, Role, SessionResponse,
  BatchEdit, BatchRequest, BatchResponse, UpdateFeatureRequest, ValidationResponse,
  CancelImportResponse, CommitImportResponse, ImportChunkRequest, ImportChunkResponse, ImportStarted, ImportStatus, StartImportRequest,
  ImportFileResponse,
  ImportFieldMapping, SaveImportMappingRequest, SavedImportMapping,
} from '../api/types';
import { API_LAYERS } from '../api/types';
import type { Lang } from '../domain/policy/evaluate';
import { FIELD_LABELS, fieldLabel } from '../domain/schema/attributes';
import type { AreaFeature, LayerName } from '../domain/schema/kinds';
import { isKnownLandUse } from '../domain/schema/landUse';
import { checkFeature } from '../io/checkFeature';
import { loginRateLimit } from './auth/rateLimit';
import {
  addMember, checkLogin, createSession, deleteSession, findSession, findUser, projectRole, projectsOf, type Session,
} from './store/accounts';
import {
  ConflictError, createFeature, createProject, deleteFeature, DuplicateIdError, DuplicateProjectError, featureHistory,
  getProject, importFeatures, listFeatures, NotFoundError, restoreFeature, updateFeature, type Db,
  type StoredFeature,
  addImportRows, cancelImport, commitImport, createImport, getImport, ImportCountError, NoImportError, StagedDuplicateError, type ImportInfo, type ImportRef,
  deleteImportMapping, listImportMappings, saveImportMapping,
} from './store';
import { FormatError } from '../io/formats/source';
import type { FieldMapping } from '../io/import/fieldMapping';
import { importFile } from './importFile';
import { HttpError } from './httpError';
import { registerPriceTableRoutes } from './routes/priceTables';
import { registerReportRoutes } from './routes/reports';
import { registerSnapshotRoutes } from './routes/snapshots';
import type { RouteContext } from './routes/context';
import { HeavyGate } from './workers/gate';
import { WorkerPool } from './workers/pool';

export { HttpError };

export const SESSION_COOKIE = 'parkatlas_session';
const MAX_VERTICES = 100_000;
/** A planner's file sent whole (a 100 000-parcel shapefile zip is ~40 MB). */
const FILE_BODY_LIMIT = 512 * 1024 * 1024;

export interface AppOptions {
  db: Db;
  sessionTtlMs?: number;
  /** send the session cookie only over HTTPS (behind a TLS proxy) */
  secureCookies?: boolean;
  version?: string;
  logger?: boolean;
  /** the built web app (dist/), served for every path outside /api */
  staticDir?: string;
  /** worker threads for parsing files and heavy reads; by default the app makes its own and closes it with itself */
  pool?: WorkerPool;
  /** reports, exports and file imports one user may have running at once (default 3) */
  heavyPerUser?: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.fgb': 'application/octet-stream', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json',
};

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

export function toApiFeature(f: StoredFeature): ApiFeature {
  return { type: 'Feature', id: f.id, version: f.version, properties: f.properties, geometry: f.geometry };
}

function vertexCount(geometry: unknown): number {
  const walk = (x: unknown): number => (Array.isArray(x) ? (typeof x[0] === 'number' ? 1 : x.reduce((n: number, y: unknown) => n + walk(y), 0)) : 0);
  return walk((geometry as { coordinates?: unknown } | null)?.coordinates);
}

/** A chunk of a staged import: #n labels count from `offset` (the features staged before). */
interface ChunkOf {
  offset: number;
}

/** Checks features for a write with the domain's rules; throws 422 listing every problem. */
function checkedFeatures(layer: LayerName, raws: readonly unknown[], requireId: boolean, chunk?: ChunkOf): Array<{ id?: string; properties: Record<string, unknown>; geometry: AreaFeature<unknown>['geometry'] }> {
  const problems: FeatureProblem[] = [];
  const seen = new Set<string>();
  const out = raws.map((raw, index) => {
    const checked = checkFeature(layer, raw, (chunk?.offset ?? 0) + index);
    if (vertexCount((raw as { geometry?: unknown } | null)?.geometry) > MAX_VERTICES)
      problems.push({ feature: checked.label, field: 'geometry', message: `more than ${MAX_VERTICES} vertices: simplify the geometry or split the feature` });
    for (const p of checked.problems) problems.push({ feature: checked.label, ...p });
    if (checked.id !== null) {
      if (seen.has(checked.id)) problems.push({ feature: checked.label, field: 'id', message: `id ${checked.id} appears twice in this request` });
      seen.add(checked.id);
    } else if (requireId) problems.push({ feature: checked.label, field: 'id', message: 'the feature has no id' });
    return { ...(checked.id !== null ? { id: checked.id } : {}), properties: checked.properties, geometry: checked.geometry };
  });
  const outcome = chunk ? 'this chunk was not staged (the chunks before it stay staged): fix them and send the chunk again, or cancel the import' : 'nothing was written';
  if (problems.length > 0) throw new HttpError(422, 'invalid-features', `${problems.length} problem(s); ${outcome}`, { errors: problems });
  return out;
}

const isApiLayer = (value: unknown): value is LayerName => typeof value === 'string' && (API_LAYERS as readonly string[]).includes(value);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function layerOf(value: string): LayerName {
  if (!isApiLayer(value)) throw new HttpError(404, 'unknown-layer', `no layer '${value}': use ${API_LAYERS.join(', ')}`);
  return value;
}

function parseBbox(value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x)) || parts[0] > parts[2] || parts[1] > parts[3] || Math.abs(parts[0]) > 180 || Math.abs(parts[1]) > 90)
    throw new HttpError(400, 'bad-bbox', 'bbox must be minLon,minLat,maxLon,maxLat in degrees, min before max');
  return parts as [number, number, number, number];
}

export function lang(value: string | undefined): Lang {
  return value === 'en' ? 'en' : 'zh';
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const ttl = options.sessionTtlMs ?? 12 * 3600_000;
  const limiter = loginRateLimit();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 * 1024 });
  await app.register(cookie);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: FILE_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.decorateRequest('session', null);
  const pool = options.pool ?? new WorkerPool();
  if (!options.pool) app.addHook('onClose', async () => pool.close());
  const gate = new HeavyGate(options.heavyPerUser ?? 3);
  const heavy = <T>(u: Session['user'], work: () => Promise<T>): Promise<T> => gate.run(u.id, work);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.status).send({ code: error.code, message: error.message, ...error.extra });
    if (error instanceof ConflictError) {
      const body: ConflictResponse = { code: 'stale-version', message: 'the feature changed since you loaded it; nothing was overwritten: reload it or apply your edit to the current version', current: error.current ? toApiFeature(error.current) : null };
      return reply.status(409).send(body);
    }
    if (error instanceof NotFoundError) return reply.status(404).send({ code: 'not-found', message: error.message });
    if (error instanceof DuplicateIdError || error instanceof DuplicateProjectError) return reply.status(409).send({ code: 'duplicate-id', message: error.message });
    const { statusCode: status, code, message } = error as { statusCode?: number; code?: string; message?: string };
    if (status && status >= 400 && status < 500) return reply.status(status).send({ code: code ?? 'bad-request', message: message ?? 'bad request' });
    request.log.error(error);
    return reply.status(500).send({ code: 'internal', message: 'internal error: the server log has the details' });
  });

  app.addHook('preHandler', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.session = token ? await findSession(db, token) : null;
    const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
    const isLogin = request.method === 'POST' && request.routeOptions.url === '/api/session';
    if (!isWrite || isLogin || request.routeOptions.url === undefined) return;
    if (!request.session) throw new HttpError(401, 'not-logged-in', 'log in first (POST /api/session)');
    if (request.headers['x-csrf-token'] !== request.session.csrfToken) throw new HttpError(403, 'csrf', 'send the x-csrf-token header from GET /api/session with every write');
  });

  const user = (request: FastifyRequest): Session['user'] => {
    if (!request.session) throw new HttpError(401, 'not-logged-in', 'log in first (POST /api/session)');
    return request.session.user;
  };
  const requireAdmin = (request: FastifyRequest): Session['user'] => {
    const u = user(request);
    if (u.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin may do this');
    return u;
  };
  /** The project, when the user may read it (and write it, when asked). */
  const access = async (request: FastifyRequest, projectId: string, write: boolean): Promise<{ user: Session['user']; role: Role | ProjectRole }> => {
    const u = user(request);
    const role = await projectRole(db, u, projectId);
    if (!role || !(await getProject(db, projectId))) throw new HttpError(404, 'no-project', `no project ${projectId} that you are a member of`);
    if (write && role === 'reviewer') throw new HttpError(403, 'read-only', 'reviewers read and comment; ask an admin for the planner role to edit');
    return { user: u, role };
  };

  app.get('/api/health', async (): Promise<HealthResponse> => ({ ok: true, store: db.kind, version: options.version ?? '0.1.0' }));

  app.post<{ Body: LoginRequest }>('/api/session', async (request, reply) => {
    const { username, password } = (request.body ?? {}) as Partial<LoginRequest>;
    if (typeof username !== 'string' || typeof password !== 'string') throw new HttpError(400, 'bad-login', 'send {"username": …, "password": …}');
    const key = `${username}|${request.ip}`;
    const wait = limiter.retryAfter(key);
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, 'too-many-attempts', `too many failed logins: try again in ${Math.ceil(wait / 1000)} s`);
    }
    const found = await checkLogin(db, username, password);
    if (!found) {
      limiter.failed(key);
      throw new HttpError(401, 'bad-credentials', 'wrong username or password');
    }
    limiter.succeeded(key);
    const { token, session } = await createSession(db, found, ttl);
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies ?? false, maxAge: Math.floor(ttl / 1000) });
    const body: SessionResponse = { user: found.username, role: found.role, csrfToken: session.csrfToken };
    return body;
  });

  app.get('/api/session', async (request): Promise<SessionResponse> => {
    const u = user(request);
    return { user: u.username, role: u.role, csrfToken: (request.session as Session).csrfToken };
  });

  app.delete('/api/session', async (request, reply) => {
    await deleteSession(db, request.cookies[SESSION_COOKIE] ?? '');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/projects', async (request) => projectsOf(db, user(request)));

  app.post<{ Body: CreateProjectRequest }>('/api/projects', async (request, reply) => {
    const u = requireAdmin(request);
    const name = (request.body as Partial<CreateProjectRequest> | undefined)?.name;
    if (typeof name !== 'string' || name.trim() === '') throw new HttpError(400, 'bad-project', 'send {"name": "…"}');
    reply.status(201);
    return createProject(db, { name, user: u });
  });

  app.post<{ Params: { pid: string }; Body: AddMemberRequest }>('/api/projects/:pid/members', async (request) => {
    requireAdmin(request);
    const { username, role } = (request.body ?? {}) as Partial<AddMemberRequest>;
    if (typeof username !== 'string' || (role !== 'planner' && role !== 'reviewer')) throw new HttpError(400, 'bad-member', 'send {"username": …, "role": "planner" | "reviewer"}');
    if (!(await getProject(db, request.params.pid))) throw new HttpError(404, 'no-project', `no project ${request.params.pid}`);
    const member = await findUser(db, username);
    if (!member) throw new HttpError(404, 'no-user', `no user ${username}: create it with npm run admin -- add-user`);
    await addMember(db, { projectId: request.params.pid, userId: member.id, role });
    return { ok: true };
  });

  type LayerParams = { pid: string; layer: string };
  app.get<{ Params: LayerParams; Querystring: { bbox?: string } }>('/api/projects/:pid/layers/:layer/features', async (request, reply) => {
    await access(request, request.params.pid, false);
    const layer = layerOf(request.params.layer);
    const rows = await listFeatures(db, { projectId: request.params.pid, layer, bbox: parseBbox(request.query.bbox) });
    const collection: ApiFeatureCollection = { type: 'FeatureCollection', features: rows.map(toApiFeature) };
    if ((request.headers.accept ?? '').includes('application/flatgeobuf')) {
      // FlatGeobuf keeps no feature id: id and version travel as attributes.
      const flat = { type: 'FeatureCollection', features: rows.map((f) => ({ type: 'Feature', properties: { id: f.id, version: f.version, ...f.properties }, geometry: f.geometry })) };
      reply.type('application/flatgeobuf');
      return Buffer.from(fgb.serialize(flat as FeatureCollection, 4490));
    }
    return collection;
  });

  app.post<{ Params: LayerParams }>('/api/projects/:pid/layers/:layer/features', async (request, reply) => {
    const { user: u } = await access(request, request.params.pid, true);
    const layer = layerOf(request.params.layer);
    const [f] = checkedFeatures(layer, [request.body], false);
    reply.status(201);
    return toApiFeature(await createFeature(db, { projectId: request.params.pid, layer, ...f, user: u }));
  });

  app.put<{ Params: LayerParams & { fid: string }; Body: UpdateFeatureRequest }>('/api/projects/:pid/layers/:layer/features/:fid', async (request) => {
    const { user: u } = await access(request, request.params.pid, true);
    const layer = layerOf(request.params.layer);
    const body = (request.body ?? {}) as Partial<UpdateFeatureRequest>;
    if (!Number.isInteger(body.version)) throw new HttpError(400, 'no-version', 'send {"version": <the version you edited>, "feature": {…}}');
    const [f] = checkedFeatures(layer, [{ ...(body.feature ?? {}), id: request.params.fid }], true);
    return toApiFeature(
      await updateFeature(db, { projectId: request.params.pid, layer, id: request.params.fid, version: body.version as number, properties: f.properties, geometry: f.geometry, user: u, comment: body.comment }),
    );
  });

  app.delete<{ Params: LayerParams & { fid: string }; Querystring: { version?: string } }>('/api/projects/:pid/layers/:layer/features/:fid', async (request) => {
    const { user: u } = await access(request, request.params.pid, true);
    const layer = layerOf(request.params.layer);
    const version = Number(request.query.version);
    if (!Number.isInteger(version)) throw new HttpError(400, 'no-version', 'send ?version=<the version you deleted>');
    return { id: request.params.fid, ...(await deleteFeature(db, { projectId: request.params.pid, layer, id: request.params.fid, version, user: u })) };
  });

  app.post<{ Params: { pid: string }; Body: BatchRequest }>('/api/projects/:pid/batch', async (request): Promise<BatchResponse> => {
    const { user: u } = await access(request, request.params.pid, true);
    const { edits, comment } = (request.body ?? {}) as Partial<BatchRequest>;
    if (!Array.isArray(edits) || edits.length === 0) throw new HttpError(400, 'bad-batch', 'send {"edits": [{"op": "create" | "update" | "delete", "layer": …, …}]}');
    // Check every edit before the transaction: a bad one anywhere writes nothing.
    const checked = edits.map((edit: BatchEdit, i) => {
      const layer = layerOf(String(edit?.layer));
      if (edit.op === 'delete') return { edit, layer, content: null };
      if (edit.op !== 'create' && edit.op !== 'update') throw new HttpError(400, 'bad-batch', `edit ${i + 1}: op must be create, update or delete`);
      const raw = edit.op === 'update' ? { ...edit.feature, id: edit.id } : edit.feature;
      const [content] = checkedFeatures(layer, [raw], edit.op === 'update');
      return { edit, layer, content };
    });
    const pid = request.params.pid;
    const results = await db.transaction(async (tx) => {
      const out: BatchResponse['results'] = [];
      for (const { edit, layer, content } of checked) {
        if (edit.op === 'delete') {
          if (!Number.isInteger(edit.version)) throw new HttpError(400, 'no-version', `delete of ${edit.id}: send its version`);
          out.push({ id: edit.id, ...(await deleteFeature(tx, { projectId: pid, layer, id: edit.id, version: edit.version, user: u, comment })), deleted: true });
        } else if (edit.op === 'update' && content) {
          if (!Number.isInteger(edit.version)) throw new HttpError(400, 'no-version', `update of ${edit.id}: send its version`);
          out.push(toApiFeature(await updateFeature(tx, { projectId: pid, layer, id: edit.id, version: edit.version, properties: content.properties, geometry: content.geometry, user: u, comment })));
        } else if (content) {
          out.push(toApiFeature(await createFeature(tx, { projectId: pid, layer, ...content, user: u, comment })));
        }
      }
      return out;
    });
    return { results };
  });

  app.post<{ Params: LayerParams }>('/api/projects/:pid/layers/:layer/import', async (request, reply) => {
    const { user: u } = await access(request, request.params.pid, true);
    const layer = layerOf(request.params.layer);
    const body = request.body as { type?: unknown; features?: unknown } | null;
    if (!body || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new HttpError(400, 'not-a-collection', 'send a GeoJSON FeatureCollection');
    const features = checkedFeatures(layer, body.features, false);
    try {
      const imported = await importFeatures(db, { projectId: request.params.pid, layer, features, user: u });
      reply.status(201);
      return { imported };
    } catch (e) {
      if (e instanceof DuplicateIdError) {
        const body: ValidationResponse = { code: 'invalid-features', message: '1 problem; nothing was written', errors: [{ feature: e.featureId ?? '?', field: 'id', message: `id ${e.featureId} already exists in this project: give it another id or update the existing feature` }] };
        throw new HttpError(422, body.code, body.message, { errors: body.errors });
      }
      throw e;
    }
  });

  // Staged import (README "API"): the client checks and converts the file, sends it in
  // chunks (each checked again here, staged, not yet features), then commits all of it
  // in one transaction or cancels. An import is its starter's alone: to others it is a 404.
  type ImportParams = { pid: string; iid: string };
  const importRef = (params: ImportParams, u: Session['user']): ImportRef => ({ projectId: params.pid, importId: params.iid, userId: u.id });
  /** The store's import errors as answers; anything else goes to the error handler. */
  const importError = (e: unknown): unknown => {
    if (e instanceof NoImportError) return new HttpError(404, 'no-import', e.message);
    if (e instanceof StagedDuplicateError) {
      const errors: FeatureProblem[] = e.ids.length > 0
        ? e.ids.map((id) => ({ feature: id, field: 'id', message: `id ${id} is already staged by an earlier chunk of this import: ids must be unique in the file` }))
        : [{ feature: '?', field: 'id', message: 'an id of this chunk is already staged by an earlier chunk of this import: ids must be unique in the file' }];
      return new HttpError(422, 'invalid-features', `${errors.length} problem(s); this chunk was not staged (the chunks before it stay staged)`, { errors });
    }
    if (e instanceof ImportCountError) {
      return new HttpError(409, 'count-mismatch', `the import was started expecting ${e.expected} features but ${e.received} were received; nothing was written: send the missing chunks, or cancel the import and start again`, { expected: e.expected, received: e.received });
    }
    return e;
  };
  /** A store call on an import, its errors as answers. */
  const onImport = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (e) {
      throw importError(e);
    }
  };
  /** The user's own import, or a 404. */
  const ownImport = async (ref: ImportRef): Promise<ImportInfo> => {
    const staged = await getImport(db, ref);
    if (!staged) throw importError(new NoImportError(ref));
    return staged;
  };

  // A file as planners have it (GeoJSON, FlatGeobuf, GeoPackage, zipped Shapefile, CSV), raw
  // bytes in the body; read, checked and written on the server in one go (see importFile.ts).
  app.post<{ Params: LayerParams; Querystring: { name?: string; crs?: string; sourceLayer?: string; acceptDatumShift?: string; dryRun?: string; mapping?: string } }>(
    '/api/projects/:pid/layers/:layer/import-file',
    { bodyLimit: FILE_BODY_LIMIT },
    async (request, reply): Promise<ImportFileResponse> => {
      const { user: u } = await access(request, request.params.pid, true);
      const layer = layerOf(request.params.layer);
      const q = request.query;
      if (!q.name) throw new HttpError(400, 'no-name', 'send the file name as ?name=parcels.zip (the format is told by it and by the content)');
      if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'not-bytes', 'send the file itself with Content-Type: application/octet-stream');
      const crsMatch = q.crs === undefined ? null : /^(?:EPSG:)?(\d+)$/i.exec(q.crs);
      if (q.crs !== undefined && !crsMatch) throw new HttpError(400, 'bad-crs', `crs ${q.crs}: write it as EPSG:4547`);
      let mapping: FieldMapping | undefined;
      try {
        mapping = q.mapping ? (JSON.parse(q.mapping) as FieldMapping) : undefined;
      } catch {
        throw new HttpError(400, 'bad-mapping', 'mapping must be JSON: {"fields": {"landUse": "DLBM"}, "landUseValues": {}}');
      }
      const fileName = q.name;
      const bytes = new Uint8Array(request.body);
      let result;
      try {
        result = await heavy(u, () => importFile(db, pool, {
          projectId: request.params.pid, layer, fileName, bytes, user: u,
          crs: crsMatch ? Number(crsMatch[1]) : undefined, sourceLayer: q.sourceLayer, acceptDatumShift: q.acceptDatumShift === '1', mapping, dryRun: q.dryRun === '1',
        }));
      } catch (e) {
        if (e instanceof FormatError) throw new HttpError(422, 'unreadable-file', e.message, { messageZh: e.messageZh });
        throw e;
      }
      const { prepared } = result;
      const body: ImportFileResponse = {
        imported: result.imported, sourceLayer: result.sourceLayer, layers: result.layers, encoding: result.encoding, crs: prepared.detection,
        mapping: prepared.mapping, notes: prepared.notes, warnings: prepared.warnings, areaM2: prepared.areaM2,
      };
      if (prepared.errorCount > 0) {
        const errors: FeatureProblem[] = prepared.errors.map((p) => ({ feature: p.feature, ...(p.field ? { field: p.field } : {}), message: p.at ? `${p.en} (at ${p.at[0].toFixed(6)}, ${p.at[1].toFixed(6)})` : p.en }));
        throw new HttpError(422, 'invalid-features', `${prepared.errorCount} problem(s); nothing was imported`, { errors, errorCount: prepared.errorCount, errorsZh: prepared.errors.map((p) => p.zh), crs: prepared.detection });
      }
      reply.status(q.dryRun === '1' ? 200 : 201);
      return body;
    },
  );

  app.post<{ Params: { pid: string }; Body: StartImportRequest }>('/api/projects/:pid/imports', async (request, reply): Promise<ImportStarted> => {
    const { user: u } = await access(request, request.params.pid, true);
    const { layer, comment, expected } = (request.body ?? {}) as { layer?: unknown; comment?: unknown; expected?: unknown };
    const usage = 'send {"layer": "parcels", "comment"?: "…", "expected"?: <number of features>}';
    if (!isApiLayer(layer)) throw new HttpError(400, 'bad-import', `layer must be one of ${API_LAYERS.join(', ')}: ${usage}`);
    if (comment !== undefined && typeof comment !== 'string') throw new HttpError(400, 'bad-import', `comment must be text: ${usage}`);
    if (expected !== undefined && !(typeof expected === 'number' && Number.isInteger(expected) && expected >= 0)) throw new HttpError(400, 'bad-import', `expected must be a whole number ≥ 0: ${usage}`);
    const started = await createImport(db, { projectId: request.params.pid, layer, user: u, comment, expected });
    reply.status(201);
    return { id: started.id, layer: started.layer, received: 0 };
  });

  app.post<{ Params: ImportParams; Body: ImportChunkRequest }>('/api/projects/:pid/imports/:iid/chunks', async (request): Promise<ImportChunkResponse> => {
    const { user: u } = await access(request, request.params.pid, true);
    const ref = importRef(request.params, u);
    const staged = await ownImport(ref);
    const features = (request.body as { features?: unknown } | null)?.features;
    if (!Array.isArray(features)) throw new HttpError(400, 'bad-chunk', 'send {"features": [{"id": …, "properties": {…}, "geometry": {…}}, …]}');
    // Chunk features are bare {id, properties, geometry}; the checks read GeoJSON Features.
    const raws = features.map((f: unknown) => (isRecord(f) ? { type: 'Feature', ...f } : f));
    const rows = checkedFeatures(staged.layer, raws, true, { offset: staged.received }).map((f) => ({ id: f.id as string, properties: f.properties, geometry: f.geometry }));
    return { received: await onImport(addImportRows(db, { ...ref, rows })) };
  });

  app.post<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid/commit', async (request): Promise<CommitImportResponse> => {
    const { user: u } = await access(request, request.params.pid, true);
    return { imported: await onImport(commitImport(db, { ...importRef(request.params, u), user: u })) };
  });

  app.delete<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid', async (request): Promise<CancelImportResponse> => {
    const { user: u } = await access(request, request.params.pid, true);
    await onImport(cancelImport(db, importRef(request.params, u)));
    return { cancelled: true };
  });

  app.get<{ Params: ImportParams }>('/api/projects/:pid/imports/:iid', async (request): Promise<ImportStatus> => {
    const { user: u } = await access(request, request.params.pid, false);
    const staged = await ownImport(importRef(request.params, u));
    return { id: staged.id, layer: staged.layer, received: staged.received, createdAt: staged.createdAt, user: staged.username };
  });

  // Saved import mappings: a planner's field and land-use mapping for a kind of file, by name.
  type MappingParams = { pid: string; name: string };
  const KNOWN_ATTRIBUTES = ['id', ...Object.keys(FIELD_LABELS).filter((key) => !key.includes('.'))];
  const badMapping = (field: string, message: string): HttpError => new HttpError(400, 'bad-import-mapping', `${field}: ${message}`, { field });
  /** The mapping as sent, checked: every attribute known to the layer, every land-use code known. */
  const checkedMapping = (layer: LayerName, raw: unknown): ImportFieldMapping => {
    if (!isRecord(raw)) throw badMapping('mapping', 'send {"fields": {attribute: source field}, "landUseValues": {value: code}}');
    const { fields, landUseValues = {} } = raw;
    if (!isRecord(fields)) throw badMapping('mapping.fields', 'must be an object of attribute → source field');
    if (!isRecord(landUseValues)) throw badMapping('mapping.landUseValues', 'must be an object of land-use value → code');
    for (const [attribute, sourceField] of Object.entries(fields)) {
      if (attribute !== 'id' && (attribute.includes('.') || !fieldLabel(layer, attribute)))
        throw badMapping(`mapping.fields.${attribute}`, `'${attribute}' is not an attribute of ${layer}: use one of ${KNOWN_ATTRIBUTES.join(', ')}`);
      if (typeof sourceField !== 'string' || sourceField === '') throw badMapping(`mapping.fields.${attribute}`, 'the source field must be a non-empty text');
    }
    for (const [value, code] of Object.entries(landUseValues)) {
      if (value === '') throw badMapping('mapping.landUseValues', 'a land-use value must not be empty');
      if (typeof code !== 'string' || !isKnownLandUse(code))
        throw badMapping(`mapping.landUseValues.${value}`, `${JSON.stringify(code)} is not a known land-use code (GB/T 2023 classes, GB 50137, 三调 or local codes)`);
    }
    return { fields: fields as Record<string, string>, landUseValues: landUseValues as Record<string, string> };
  };

  app.get<{ Params: { pid: string } }>('/api/projects/:pid/import-mappings', async (request): Promise<SavedImportMapping[]> => {
    await access(request, request.params.pid, false);
    return listImportMappings(db, { projectId: request.params.pid });
  });

  app.put<{ Params: MappingParams; Body: SaveImportMappingRequest }>('/api/projects/:pid/import-mappings/:name', async (request): Promise<SavedImportMapping> => {
    const { user: u } = await access(request, request.params.pid, true);
    const { name } = request.params;
    if (name.trim() === '' || name.length > 100) throw badMapping('name', 'give the mapping a name of 1 to 100 characters');
    const { layer, mapping } = (request.body ?? {}) as { layer?: unknown; mapping?: unknown };
    if (!isApiLayer(layer)) throw badMapping('layer', `must be one of ${API_LAYERS.join(', ')}`);
    const checked = checkedMapping(layer, mapping);
    return saveImportMapping(db, { projectId: request.params.pid, name, layer, mapping: checked, user: u });
  });

  app.delete<{ Params: MappingParams }>('/api/projects/:pid/import-mappings/:name', async (request): Promise<{ deleted: true }> => {
    await access(request, request.params.pid, true);
    await deleteImportMapping(db, { projectId: request.params.pid, name: request.params.name });
    return { deleted: true };
  });

  app.get<{ Params: { pid: string; fid: string } }>('/api/projects/:pid/features/:fid/history', async (request): Promise<ApiHistoryEntry[]> => {
    await access(request, request.params.pid, false);
    const entries = await featureHistory(db, { projectId: request.params.pid, id: request.params.fid });
    if (entries.length === 0) throw new HttpError(404, 'no-feature', `no feature ${request.params.fid} in project ${request.params.pid}`);
    return entries.map((h) => ({ version: h.version, action: h.action, user: h.username, at: h.at, comment: h.comment, before: h.before, after: h.after }));
  });

  app.post<{ Params: { pid: string; fid: string }; Body: RestoreRequest }>('/api/projects/:pid/features/:fid/restore', async (request) => {
    const { user: u } = await access(request, request.params.pid, true);
    const body = (request.body ?? {}) as Partial<RestoreRequest>;
    if (!Number.isInteger(body.version)) throw new HttpError(400, 'no-version', 'send {"version": <the version to restore>}');
    return toApiFeature(await restoreFeature(db, { projectId: request.params.pid, id: request.params.fid, version: body.version as number, user: u, comment: body.comment }));
  });

  const context: RouteContext = { db, access, lang, pool, heavy };
  registerReportRoutes(app, context);
  registerSnapshotRoutes(app, context);
  registerPriceTableRoutes(app, context);

  app.setNotFoundHandler(async (request, reply) => {
    const path = decodeURIComponent(request.url.split(/[?#]/)[0]);
    if (!options.staticDir || path.startsWith('/api/') || request.method !== 'GET') throw new HttpError(404, 'no-route', `no ${request.method} ${path}`);
    // Files of the built app; anything else is the app's own page.
    const file = normalize(join(options.staticDir, path));
    const inside = file.startsWith(normalize(options.staticDir + sep)) && existsSync(file) && statSync(file).isFile();
    const served = inside ? file : join(options.staticDir, 'index.html');
    reply.type(CONTENT_TYPES[extname(served)] ?? 'application/octet-stream');
    if (served.includes(`${sep}assets${sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.send(createReadStream(served));
  });

  return app;
}

