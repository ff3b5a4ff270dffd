// Projects: the unit features, snapshots and memberships belong to.
import { randomUUID } from 'node:crypto';
import { sqlState, type Db } from './db';
import { isoTime, type StoreUser } from './features';

export interface Project {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

interface ProjectRow {
  id: string;
  name: string;
  created_at: Date | string;
  created_by: string;
}

function toProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, createdAt: isoTime(row.created_at), createdBy: row.created_by };
}

export class DuplicateProjectError extends Error {
  constructor(readonly projectId: string) {
    super(`project id ${projectId} is already in use`);
    this.name = 'DuplicateProjectError';
  }
}

export async function createProject(db: Db, args: { id?: string; name: string; user: StoreUser }): Promise<Project> {
  try {
    const rows = await db.query<ProjectRow>(
      'INSERT INTO projects (id, name, created_by) VALUES ($1, $2, $3) RETURNING id, name, created_at, created_by',
      [args.id ?? randomUUID(), args.name, args.user.id],
    );
    return toProject(rows[0]);
  } catch (error) {
    if (sqlState(error) === '23505') throw new DuplicateProjectError(args.id ?? '');
    throw error;
  }
}

export async function getProject(db: Db, id: string): Promise<Project | null> {
  const rows = await db.query<ProjectRow>('SELECT id, name, created_at, created_by FROM projects WHERE id = $1', [id]);
  return rows.length > 0 ? toProject(rows[0]) : null;
}

export async function listProjects(db: Db): Promise<Project[]> {
  const rows = await db.query<ProjectRow>('SELECT id, name, created_at, created_by FROM projects ORDER BY created_at, id COLLATE "C"');
  return rows.map(toProject);
}
