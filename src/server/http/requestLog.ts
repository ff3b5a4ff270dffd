// One structured line per request (method, route, status, time, user, request id), and errors
// with their stack — on the server's side only: a client sees the request id, never the stack.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RequestLogLine {
  time: string;
  level: 'info' | 'error';
  requestId: string;
  method: string;
  /** the route's pattern (/api/projects/:pid/…), not the URL with its ids and query */
  route: string;
  status?: number;
  ms?: number;
  user?: string;
  error?: { name: string; message: string; stack?: string };
}

export type RequestLog = (line: RequestLogLine) => void;

/** Lines as JSON, one per line, to a stream (stdout for `npm start`). */
export const jsonLines =
  (stream: { write(text: string): unknown }): RequestLog =>
  (line) =>
    void stream.write(`${JSON.stringify(line)}\n`);

const baseLine = (request: FastifyRequest): Omit<RequestLogLine, 'level'> => ({
  time: new Date().toISOString(),
  requestId: request.id,
  method: request.method,
  route: request.routeOptions.url ?? request.url.split('?')[0],
  ...(request.session ? { user: request.session.user.username } : {}),
});

export function registerRequestLog(app: FastifyInstance, log: RequestLog): void {
  app.addHook('onResponse', async (request, reply) => {
    log({ ...baseLine(request), level: 'info', status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 });
  });
}

export function logError(log: RequestLog, request: FastifyRequest, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  log({ ...baseLine(request), level: 'error', error: { name: e.name, message: e.message, stack: e.stack } });
}
