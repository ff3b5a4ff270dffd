// Logging in and out. Failed logins are limited per user and address, and per address alone
// (one address trying many names); the cookie is Secure when the request came over HTTPS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginRequest, SessionResponse } from '../../api/types';
import { loginRateLimit } from '../auth/rateLimit';
import { HttpError } from '../httpError';
import { SESSION_COOKIE, sessionUser } from '../http/guards';
import { TEXT_LIMITS } from '../http/limits';
import { checkLogin, createSession, deleteSession, type Session } from '../store/accounts';
import type { Db } from '../store';

export interface SessionOptions {
  db: Db;
  ttlMs: number;
  /** true/false forces the cookie's Secure flag; undefined: Secure when the request came over HTTPS */
  secureCookies?: boolean;
}

/** Over HTTPS itself, or behind a TLS proxy that says so. */
const overHttps = (request: FastifyRequest): boolean => request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';

function cookieOptions(request: FastifyRequest, secure: boolean | undefined) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: secure ?? overHttps(request) };
}

function tooMany(reply: FastifyReply, waitMs: number): HttpError {
  const seconds = Math.ceil(waitMs / 1000);
  reply.header('retry-after', String(seconds));
  return new HttpError(429, 'too-many-attempts', `too many failed logins: try again in ${seconds} s`);
}

export function registerSessionRoutes(app: FastifyInstance, { db, ttlMs, secureCookies }: SessionOptions): void {
  const perUser = loginRateLimit(5, 60_000);
  const perAddress = loginRateLimit(20, 60_000);

  app.post<{ Body: LoginRequest }>('/api/session', { config: { access: 'public' } }, async (request, reply) => {
    const { username, password } = (request.body ?? {}) as Partial<LoginRequest>;
    if (typeof username !== 'string' || typeof password !== 'string') throw new HttpError(400, 'bad-login', 'send {"username": …, "password": …}');
    if (username.length > TEXT_LIMITS.username || password.length > TEXT_LIMITS.password)
      throw new HttpError(400, 'bad-login', `a username has at most ${TEXT_LIMITS.username} characters and a password at most ${TEXT_LIMITS.password}`);
    const userKey = `${username}|${request.ip}`;
    const wait = Math.max(perUser.retryAfter(userKey), perAddress.retryAfter(request.ip));
    if (wait > 0) throw tooMany(reply, wait);
    const found = await checkLogin(db, username, password);
    if (!found) {
      perUser.failed(userKey);
      perAddress.failed(request.ip);
      throw new HttpError(401, 'bad-credentials', 'wrong username or password');
    }
    perUser.succeeded(userKey);
    const { token, session } = await createSession(db, found, ttlMs);
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request, secureCookies), maxAge: Math.floor(ttlMs / 1000) });
    const body: SessionResponse = { user: found.username, role: found.role, csrfToken: session.csrfToken };
    return body;
  });

  app.get('/api/session', async (request): Promise<SessionResponse> => {
    const u = sessionUser(request);
    return { user: u.username, role: u.role, csrfToken: (request.session as Session).csrfToken };
  });

  app.delete('/api/session', async (request, reply) => {
    await deleteSession(db, request.cookies[SESSION_COOKIE] ?? '');
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request, secureCookies));
    return { ok: true };
  });
}
