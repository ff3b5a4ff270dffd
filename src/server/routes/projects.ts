// Projects and their members: an admin's work.
import type { FastifyInstance } from 'fastify';
import type { AddMemberRequest, CreateProjectRequest } from '../../api/types';
import { HttpError } from '../httpError';
import { sessionUser } from '../http/guards';
import { requiredText, TEXT_LIMITS } from '../http/limits';
import { addMember, findUser, projectsOf } from '../store/accounts';
import { createProject, getProject, type Db } from '../store';

export function registerProjectRoutes(app: FastifyInstance, db: Db): void {
  app.get('/api/projects', async (request) => projectsOf(db, sessionUser(request)));

  app.post<{ Body: CreateProjectRequest }>('/api/projects', { config: { access: 'admin' } }, async (request, reply) => {
    const name = requiredText((request.body as Partial<CreateProjectRequest> | undefined)?.name, 'name', TEXT_LIMITS.name, 'send {"name": "…"}');
    reply.status(201);
    return createProject(db, { name, user: sessionUser(request) });
  });

  app.post<{ Params: { pid: string }; Body: AddMemberRequest }>('/api/projects/:pid/members', { config: { access: 'admin' } }, async (request) => {
    const { username, role } = (request.body ?? {}) as Partial<AddMemberRequest>;
    if (typeof username !== 'string' || username.length > TEXT_LIMITS.username || (role !== 'planner' && role !== 'reviewer'))
      throw new HttpError(400, 'bad-member', 'send {"username": …, "role": "planner" | "reviewer"}');
    if (!(await getProject(db, request.params.pid))) throw new HttpError(404, 'no-project', `no project ${request.params.pid}`);
    const member = await findUser(db, username);
    if (!member) throw new HttpError(404, 'no-user', `no user ${username}: create it with npm run admin -- add-user`);
    await addMember(db, { projectId: request.params.pid, userId: member.id, role });
    return { ok: true };
  });
}
