// STUB (issue 6 scaffolding): the project's price tables, editable and versioned.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';

export function registerPriceTableRoutes(_app: FastifyInstance, _context: RouteContext): void {}
