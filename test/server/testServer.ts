// The API on real HTTP for the server tests: a fresh store (migrated), either the test users
// or the demo city with its accounts, and the server listening on a free loopback port.
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/api/types';
import { buildApp, type AppOptions } from '../../src/server/app';
import { seedDemo } from '../../src/server/demo';
import { createUser } from '../../src/server/store/accounts';
import { migrate } from '../../src/server/store/migrate';
import type { Db } from '../../src/server/store/db';
import { loginClient, type Client } from './httpClient';
import type { TestStore } from './stores';

/** The users of 'users' servers: name → password and role. */
export const TEST_USERS: Readonly<Record<string, { password: string; role: Role }>> = {
  admin: { password: 'admin-pw-1', role: 'admin' },
  王规划: { password: 'planner-pw-1', role: 'planner' },
  reviewer: { password: 'reviewer-pw-1', role: 'reviewer' },
  other: { password: 'other-pw-1', role: 'planner' },
};

export interface TestServer {
  db: Db;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Logs a user in: a TEST_USERS name, or a demo account (password parkatlas-<name>). */
  login(username: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestServer(store: TestStore, seed: 'users' | 'demo', options: Omit<AppOptions, 'db'> = {}): Promise<TestServer> {
  const db = await store.open();
  await migrate(db);
  if (seed === 'demo') await seedDemo(db);
  else for (const [username, { password, role }] of Object.entries(TEST_USERS)) await createUser(db, { username, password, role });
  const app = await buildApp({ ...options, db });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    db,
    app,
    base,
    login: (username) => loginClient(base, username, seed === 'demo' ? `parkatlas-${username}` : TEST_USERS[username].password),
    close: async () => {
      await app.close();
      await store.dispose(db);
    },
  };
}
