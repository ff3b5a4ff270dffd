// A logged-in user of the API over real HTTP, for the server tests: the session cookie and
// the CSRF token go with every call, JSON in and out.
import { expect } from 'vitest';
import type { SessionResponse } from '../../src/api/types';

export interface Client {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function loginClient(base: string, username: string, password: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as SessionResponse;
  return {
    async call(method, path, body) {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : null) as never };
    },
  };
}
