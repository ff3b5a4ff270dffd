// A logged-in user of the API over real HTTP, for the server tests: the session cookie and
// the CSRF token go with every call, JSON in and out.
import { expect } from 'vitest';
import type { SessionResponse } from '../../src/api/types';

export interface Client {
  /** cookie and x-csrf-token, for requests made by hand (uploads, raw bodies) */
  headers: Record<string, string>;
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

export async function loginClient(base: string, username: string, password: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as SessionResponse;
  const session = { cookie, 'x-csrf-token': csrfToken };
  return {
    headers: session,
    async call(method, path, body, headers = {}) {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { ...session, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: (text && (r.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as never };
    },
  };
}
