// The report and the exports: every figure from the domain core, over the project's
// stored layers and its own price tables.
import type { FastifyInstance } from 'fastify';
import { geojson as fgb } from 'flatgeobuf';
import type { FeatureCollection } from 'geojson';
import type { ExportFormat } from '../../api/types';
import { evaluatePack } from '../../domain/policy/evaluate';
import { CityFacts } from '../../domain/policy/facts';
import { parcelExport, parcelExportCsv, parcelExportText } from '../../io/parcelExport';
import { reportJsonObject } from '../../io/reportOutput';
import { HttpError } from '../httpError';
import { projectPriceTables } from '../store';
import { cityOf, packOf, snapshotCity, type RouteContext } from './context';

export function registerReportRoutes(app: FastifyInstance, { db, access, lang }: RouteContext): void {
  app.get<{ Params: { pid: string }; Querystring: { policy?: string; lang?: string; baseline?: string; features?: string } }>('/api/projects/:pid/report', async (request) => {
    await access(request, request.params.pid, false);
    const pack = packOf(request.query.policy);
    const city = await cityOf(db, request.params.pid);
    const baseline = request.query.baseline ? await snapshotCity(db, request.params.pid, request.query.baseline) : undefined;
    return reportJsonObject(evaluatePack(pack, city, { lang: lang(request.query.lang), tables: await projectPriceTables(db, request.params.pid), baseline }), request.query.features === '1');
  });

  app.get<{ Params: { pid: string }; Querystring: { policy?: string; format?: string; lang?: string } }>('/api/projects/:pid/export', async (request, reply) => {
    await access(request, request.params.pid, false);
    const pack = packOf(request.query.policy);
    const format = (request.query.format ?? 'geojson') as ExportFormat;
    if (!['geojson', 'fgb', 'csv'].includes(format)) throw new HttpError(400, 'bad-format', 'format must be geojson, fgb or csv');
    const city = await cityOf(db, request.params.pid);
    const exported = parcelExport(city, pack, await projectPriceTables(db, request.params.pid), lang(request.query.lang), new CityFacts(city));
    const name = `${request.params.pid}-${pack.id}-${new Date().toISOString().slice(0, 10)}`;
    if (format === 'fgb') {
      reply.type('application/flatgeobuf').header('content-disposition', `attachment; filename="${name}.fgb"`);
      return Buffer.from(fgb.serialize({ type: 'FeatureCollection', features: exported.features } as FeatureCollection, 4490));
    }
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return parcelExportCsv(exported);
    }
    reply.type('application/geo+json').header('content-disposition', `attachment; filename="${name}.geojson"`);
    return parcelExportText(exported);
  });

}
