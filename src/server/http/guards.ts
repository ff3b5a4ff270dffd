// Every request is authenticated and authorised on its headers, before its body is read: an
// anonymous 500 MB upload is refused at once, not after the server has taken it in. Here too
// are the response headers that keep the app out of other sites' frames and scripts.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProjectRole, Role } from '../../api/types';
import { HttpError } from '../httpError';
import { findSession, projectRole, type Session } from '../store/accounts';
import { getProject, type Db } from '../store';

export const SESSION_COOKIE = 'parkatlas_session';

/** What a route needs before its body is read: a logged-in user, or an admin. */
export type RouteAccess = 'public' | 'user' | 'admin';

export interface ProjectAccess {
  projectId: string;
  user: Session['user'];
  role: Role | ProjectRole;
  write: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    projectAccess: ProjectAccess | null;
  }
  interface FastifyContextConfig {
    /** default 'user'; 'public' for health and login; 'admin' for managing projects */
    access?: RouteAccess;
  }
}

const SECURITY_HEADERS: Record<string, string> = {
  // MapLibre draws with blob: workers and data:/blob: images; sql.js compiles WebAssembly.
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export const isWriteMethod = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** The logged-in user, or a 401. */
export function sessionUser(request: FastifyRequest): Session['user'] {
  if (!request.session) throw new HttpError(401, 'not-logged-in', 'log in first (POST /api/session)');
  return request.session.user;
}

/** The project, when the user may read it (and write it, when asked); 404 for non-members, 403 for a reviewer's write. */
export async function projectAccess(db: Db, request: FastifyRequest, projectId: string, write: boolean): Promise<ProjectAccess> {
  const cached = request.projectAccess;
  if (cached && cached.projectId === projectId && (cached.write || !write)) return cached;
  const user = sessionUser(request);
  const role = await projectRole(db, user, projectId);
  if (!role || !(await getProject(db, projectId))) throw new HttpError(404, 'no-project', `no project ${projectId} that you are a member of`);
  if (write && role === 'reviewer') throw new HttpError(403, 'read-only', 'you are a reviewer in this project and may only read it; ask an admin for the planner role to edit');
  request.projectAccess = { projectId, user, role, write };
  return request.projectAccess;
}

/** The request came from a page of another site (a browser says so in Origin or Sec-Fetch-Site). */
function crossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin) return false; // not a browser page: command-line clients send no Origin
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

const carriesBody = (request: FastifyRequest): boolean => request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

async function admit(db: Db, request: FastifyRequest): Promise<void> {
  const rawUrl = request.url;
  if (rawUrl.includes('\u0000') || /%00/.test(rawUrl))
    throw new HttpError(400, 'nul-character', 'the address contains a NUL character (%00), which no name or id may hold: remove it', { field: 'url' });
  const token = request.cookies[SESSION_COOKIE];
  request.session = token ? await findSession(db, token) : null;
  const access = request.routeOptions.config.access ?? 'user';
  const write = isWriteMethod(request.method);
  if (write && crossSite(request)) throw new HttpError(403, 'cross-site', "writes are accepted only from ParkAtlas's own pages: this request came from another site");
  if (access === 'public' || request.routeOptions.url === undefined) return;
  const user = sessionUser(request);
  if (write && request.headers['x-csrf-token'] !== (request.session as Session).csrfToken)
    throw new HttpError(403, 'csrf', 'send the x-csrf-token header from GET /api/session with every write');
  if (access === 'admin' && user.role !== 'admin') throw new HttpError(403, 'forbidden', 'only an admin may do this');
  const pid = (request.params as { pid?: unknown } | undefined)?.pid;
  if (typeof pid === 'string' && access === 'user') await projectAccess(db, request, pid, write);
}

/** Authentication, authorisation and security headers, all on the request's headers alone. */
export function registerGuards(app: FastifyInstance, db: Db): void {
  app.decorateRequest('session', null);
  app.decorateRequest('projectAccess', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    reply.header('x-request-id', request.id);
    try {
      await admit(db, request);
    } catch (e) {
      // Refused before the body was read: close the connection rather than take the body in.
      if (carriesBody(request)) reply.header('connection', 'close');
      throw e;
    }
  });
}

/** A fresh id for every request (a client's own x-request-id is not trusted). */
export const newRequestId = (): string => randomUUID();
