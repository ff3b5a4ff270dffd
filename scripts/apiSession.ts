// A logged-in session on the HTTP API from Node, for scripts that load data into a running
// server: the session cookie on every call and the CSRF token on every write.
import type { AddMemberRequest, CreateProjectRequest, ImportResponse, LoginRequest, Project, SessionResponse } from '../src/api/types';
import type { LayerName } from '../src/domain/schema/kinds';

const SESSION_COOKIE = 'parkatlas_session';

export interface ApiSession {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiLogin(origin: string, username: string, password: string): Promise<ApiSession> {
  const login: LoginRequest = { username, password };
  const response = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
  if (!response.ok) throw new Error(`login as ${username}: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as SessionResponse;
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login as ${username}: no ${SESSION_COOKIE} cookie in the answer`);
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { cookie };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
      const answer = await fetch(`${origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await answer.text();
      if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text.slice(0, 2000)}`);
      return JSON.parse(text) as T;
    },
  };
}

/** A new project (as admin) with `planner` as a planner member; answers its id. */
export async function createProjectFor(admin: ApiSession, name: string, planner: string): Promise<string> {
  const request: CreateProjectRequest = { name };
  const project = await admin.call<Project>('POST', '/api/projects', request);
  const member: AddMemberRequest = { username: planner, role: 'planner' };
  await admin.call('POST', `/api/projects/${encodeURIComponent(project.id)}/members`, member);
  return project.id;
}

/** Imports features in chunks that stay well under the server's 64 MB body limit. */
export async function importLayer(session: ApiSession, projectId: string, layer: LayerName, features: readonly unknown[], chunk = 20_000): Promise<number> {
  let imported = 0;
  for (let i = 0; i < features.length; i += chunk) {
    const body = { type: 'FeatureCollection', features: features.slice(i, i + chunk) };
    imported += (await session.call<ImportResponse>('POST', `/api/projects/${encodeURIComponent(projectId)}/layers/${layer}/import`, body)).imported;
  }
  return imported;
}
