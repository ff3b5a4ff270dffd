// The HTTP API (see README "API" and src/api/types.ts). Every figure comes from the
// domain core; SQL stores, filters and serves. Errors are JSON {code, message, requestId}
// with a 4xx that says what to fix; a 5xx never carries a stack trace or SQL (the server's
// log has it, under the same request id).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ConflictResponse, HealthResponse } from '../api/types';
import type { Lang } from '../domain/policy/evaluate';
import { HttpError } from './httpError';
import { newRequestId, projectAccess, registerGuards } from './http/guards';
import { registerJsonBody } from './http/jsonBody';
import { BODY_LIMITS } from './http/limits';
import { logError, registerRequestLog, type RequestLog } from './http/requestLog';
import type { RouteContext } from './routes/context';
import { registerFeatureRoutes } from './routes/features';
import { toApiFeature } from './routes/featureChecks';
import { registerImportRoutes } from './routes/imports';
import { registerPriceTableRoutes } from './routes/priceTables';
import { registerProjectRoutes } from './routes/projects';
import { registerReportRoutes } from './routes/reports';
import { registerSessionRoutes } from './routes/session';
import { registerSnapshotRoutes } from './routes/snapshots';
import { ConflictError, DuplicateIdError, DuplicateProjectError, NotFoundError, type Db } from './store';
import { HeavyGate } from './workers/gate';
import { WorkerPool } from './workers/pool';

export { HttpError, toApiFeature };
export { SESSION_COOKIE } from './http/guards';

export interface AppOptions {
  db: Db;
  sessionTtlMs?: number;
  /** the session cookie's Secure flag; default: set when the request came over HTTPS (or a TLS proxy says so) */
  secureCookies?: boolean;
  version?: string;
  /** one structured line per request and per error; default: none */
  log?: RequestLog;
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

export function lang(value: string | undefined): Lang {
  return value === 'en' ? 'en' : 'zh';
}

/** The answer to an error: its status and JSON body (a 500 says only where to look). */
function errorAnswer(error: FastifyError | Error): { status: number; body: Record<string, unknown> } {
  if (error instanceof HttpError) return { status: error.status, body: { code: error.code, message: error.message, ...error.extra } };
  if (error instanceof ConflictError) {
    const body: ConflictResponse = { code: 'stale-version', message: 'the feature changed since you loaded it; nothing was overwritten: reload it or apply your edit to the current version', current: error.current ? toApiFeature(error.current) : null };
    return { status: 409, body: { ...body } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { code: 'not-found', message: error.message } };
  if (error instanceof DuplicateIdError || error instanceof DuplicateProjectError) return { status: 409, body: { code: 'duplicate-id', message: error.message } };
  const { statusCode: status, code, message } = error as FastifyError;
  if (status && status >= 400 && status < 500) return { status, body: { code: code ?? 'bad-request', message: message ?? 'bad request' } };
  return { status: 500, body: { code: 'internal', message: 'internal error: the server log has the details under this request id' } };
}

/** Files of the built app; anything else under / is the app's own page. */
function serveStatic(staticDir: string, path: string, reply: FastifyReply): FastifyReply {
  const file = normalize(join(staticDir, path));
  const inside = file.startsWith(normalize(staticDir + sep)) && existsSync(file) && statSync(file).isFile();
  const served = inside ? file : join(staticDir, 'index.html');
  reply.type(CONTENT_TYPES[extname(served)] ?? 'application/octet-stream');
  if (served.includes(`${sep}assets${sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  return reply.send(createReadStream(served));
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const log = options.log ?? (() => undefined);
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMITS.small, genReqId: newRequestId, requestIdHeader: false });
  await app.register(cookie);
  registerJsonBody(app);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerGuards(app, db);
  registerRequestLog(app, log);
  const pool = options.pool ?? new WorkerPool();
  if (!options.pool) app.addHook('onClose', async () => pool.close());
  const gate = new HeavyGate(options.heavyPerUser ?? 3);

  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = errorAnswer(error);
    if (status >= 500) logError(log, request, error);
    return reply.status(status).send({ ...body, requestId: request.id });
  });

  app.get('/api/health', { config: { access: 'public' } }, async (): Promise<HealthResponse> => ({ ok: true, store: db.kind, version: options.version ?? '0.1.0' }));

  registerSessionRoutes(app, { db, ttlMs: options.sessionTtlMs ?? 12 * 3600_000, secureCookies: options.secureCookies });
  registerProjectRoutes(app, db);
  const context: RouteContext = {
    db,
    access: async (request, projectId, write) => projectAccess(db, request, projectId, write),
    lang,
    pool,
    heavy: (user, work) => gate.run(user.id, work),
  };
  registerFeatureRoutes(app, context);
  registerImportRoutes(app, context);
  registerReportRoutes(app, context);
  registerSnapshotRoutes(app, context);
  registerPriceTableRoutes(app, context);

  app.setNotFoundHandler(async (request, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split(/[?#]/)[0]);
    } catch {
      throw new HttpError(400, 'bad-url', 'the address is not valid percent-encoded UTF-8');
    }
    if (!options.staticDir || path.startsWith('/api/') || request.method !== 'GET') throw new HttpError(404, 'no-route', `no ${request.method} ${path}`);
    return serveStatic(options.staticDir, path, reply);
  });

  return app;
}
