// The report and the exports: every figure from the domain core, over the project's
// stored layers and its own price tables.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { evaluatePack } from '../../domain/policy/evaluate';
import { CityFacts } from '../../domain/policy/facts';
import { writeFlatGeobuf } from '../../io/flatgeobufWriter';
import { parcelExport, parcelExportCsv, parcelExportText } from '../../io/parcelExport';
import { reportJsonObject } from '../../io/reportOutput';
import { rulesCsv } from '../../io/rulesCsv';
import { HttpError } from '../httpError';
import { getProject, isoTime, listSnapshots, projectPriceTables, type Db } from '../store';
import { cityOf, packOf, snapshotCity, type RouteContext } from './context';

/** The export formats: parcels as GeoJSON, FlatGeobuf or CSV, and the rule results as CSV. */
export const EXPORT_FORMATS = ['geojson', 'fgb', 'csv', 'rules-csv'] as const;
type Format = (typeof EXPORT_FORMATS)[number];
const isFormat = (value: string): value is Format => (EXPORT_FORMATS as readonly string[]).includes(value);

/** The newest edit of the project's features (a delete too): the date the data is as of. */
async function dataDate(db: Db, projectId: string): Promise<string | undefined> {
  const [row] = await db.query<{ at: Date | string | null }>('SELECT max(at) AS at FROM feature_history WHERE project_id = $1', [projectId]);
  return row?.at ? isoTime(row.at) : undefined;
}

/** attachment; filename="ascii" plus RFC 5987 filename* when the name is not plain ASCII. */
function attach(reply: FastifyReply, name: string): void {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const star = ascii === name ? '' : `; filename*=UTF-8''${encodeURIComponent(name)}`;
  reply.header('content-disposition', `attachment; filename="${ascii}"${star}`);
}

export function registerReportRoutes(app: FastifyInstance, { db, access, lang }: RouteContext): void {
  app.get<{ Params: { pid: string }; Querystring: { policy?: string; lang?: string; baseline?: string; features?: string } }>('/api/projects/:pid/report', async (request) => {
    await access(request, request.params.pid, false);
    const pack = packOf(request.query.policy);
    const city = await cityOf(db, request.params.pid);
    const baseline = request.query.baseline ? await snapshotCity(db, request.params.pid, request.query.baseline) : undefined;
    return reportJsonObject(evaluatePack(pack, city, { lang: lang(request.query.lang), tables: await projectPriceTables(db, request.params.pid), baseline }), request.query.features === '1');
  });

  app.get<{ Params: { pid: string }; Querystring: { policy?: string; format?: string; lang?: string; baseline?: string } }>('/api/projects/:pid/export', async (request, reply) => {
    const pid = request.params.pid;
    await access(request, pid, false);
    const pack = packOf(request.query.policy);
    const format = request.query.format ?? 'geojson';
    if (!isFormat(format)) throw new HttpError(400, 'bad-format', `format=${format}: use one of ${EXPORT_FORMATS.join(', ')}`);
    const language = lang(request.query.lang);
    const [city, tables, project, edited] = await Promise.all([cityOf(db, pid), projectPriceTables(db, pid), getProject(db, pid), dataDate(db, pid)]);
    let baseline;
    if (request.query.baseline) {
      const id = request.query.baseline;
      const snapshot = (await listSnapshots(db, { projectId: pid })).find((s) => s.id === id);
      if (!snapshot) throw new HttpError(404, 'unknown-snapshot', `baseline=${id}: project ${pid} has no such snapshot (GET /api/projects/${pid}/snapshots lists them)`);
      baseline = { id, name: snapshot.name, city: await snapshotCity(db, pid, id) };
    }
    const exportedAt = new Date().toISOString();
    const exported = parcelExport(city, pack, tables, language, new CityFacts(city), {
      baseline,
      dataDate: edited,
      exportedAt,
      project: { id: pid, name: project?.name ?? pid },
    });
    // project, pack and date: what a planner sorts a folder of exports by
    const stem = `${pid}-${pack.id}-${exportedAt.slice(0, 10)}`;
    if (format === 'fgb') {
      if (exported.features.length === 0) throw new HttpError(422, 'no-parcels', `project ${pid} has no parcels to write as FlatGeobuf; use format=geojson for an empty collection`);
      reply.type('application/flatgeobuf');
      attach(reply, `${stem}.fgb`);
      return Buffer.from(writeFlatGeobuf(exported.features, 4490));
    }
    if (format === 'csv' || format === 'rules-csv') {
      reply.type('text/csv; charset=utf-8');
      attach(reply, `${stem}-${format === 'csv' ? 'parcels' : 'rules'}.csv`);
      return format === 'csv' ? parcelExportCsv(exported) : rulesCsv(exported.report, language);
    }
    reply.type('application/geo+json');
    attach(reply, `${stem}.geojson`);
    return parcelExportText(exported);
  });
}
