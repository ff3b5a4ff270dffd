// Users, sessions and project memberships. Sessions are looked up by the SHA-256 of their
// token, so a copy of the database gives no live sessions away.
import { createHash, randomUUID } from 'node:crypto';
import type { ProjectRole, Role } from '../../api/types';
import { hashPassword, newToken, verifyPassword } from '../auth/password';
import type { Db } from './db';
import { isoTime } from './features';
import { sqlState } from './db';

export interface User {
  id: string;
  username: string;
  role: Role;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export class DuplicateUserError extends Error {
  constructor(readonly username: string) {
    super(`user ${username} already exists`);
  }
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createUser(db: Db, args: { username: string; password: string; role: Role }): Promise<User> {
  const hash = await hashPassword(args.password);
  try {
    const [row] = await db.query<User>('INSERT INTO users (id, username, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id, username, role', [
      randomUUID(),
      args.username,
      hash,
      args.role,
    ]);
    return row;
  } catch (e) {
    if (sqlState(e) === '23505') throw new DuplicateUserError(args.username);
    throw e;
  }
}

export async function findUser(db: Db, username: string): Promise<User | null> {
  const [row] = await db.query<User>('SELECT id, username, role FROM users WHERE username = $1', [username]);
  return row ?? null;
}

/** The user when the password is right, else null (the same answer for an unknown user). */
export async function checkLogin(db: Db, username: string, password: string): Promise<User | null> {
  const [row] = await db.query<User & { password_hash: string }>('SELECT id, username, role, password_hash FROM users WHERE username = $1', [username]);
  if (!row) {
    await hashPassword(password); // spend the same time as a real check
    return null;
  }
  return (await verifyPassword(password, row.password_hash)) ? { id: row.id, username: row.username, role: row.role } : null;
}

export async function createSession(db: Db, user: User, ttlMs: number): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.query('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash(token), user.id, csrfToken, expiresAt]);
  return { token, session: { user, csrfToken, expiresAt: expiresAt.toISOString() } };
}

export async function findSession(db: Db, token: string): Promise<Session | null> {
  const [row] = await db.query<{ id: string; username: string; role: Role; csrf_token: string; expires_at: Date | string }>(
    `SELECT u.id, u.username, u.role, s.csrf_token, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash(token)],
  );
  return row ? { user: { id: row.id, username: row.username, role: row.role }, csrfToken: row.csrf_token, expiresAt: isoTime(row.expires_at) } : null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= now()', [tokenHash(token)]);
}

export async function addMember(db: Db, args: { projectId: string; userId: string; role: ProjectRole }): Promise<void> {
  await db.query(
    `INSERT INTO memberships (project_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [args.projectId, args.userId, args.role],
  );
}

/** The user's role in a project: admins have every project; others need a membership. */
export async function projectRole(db: Db, user: User, projectId: string): Promise<Role | ProjectRole | null> {
  if (user.role === 'admin') return 'admin';
  const [row] = await db.query<{ role: ProjectRole }>('SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2', [projectId, user.id]);
  return row?.role ?? null;
}

/** Projects a user may see, with the role there. */
export async function projectsOf(db: Db, user: User): Promise<Array<{ id: string; name: string; role: Role | ProjectRole }>> {
  if (user.role === 'admin') return db.query('SELECT id, name, $1::text AS role FROM projects ORDER BY created_at, id', ['admin']);
  return db.query(
    `SELECT p.id, p.name, m.role FROM projects p JOIN memberships m ON m.project_id = p.id
      WHERE m.user_id = $1 ORDER BY p.created_at, p.id`,
    [user.id],
  );
}
