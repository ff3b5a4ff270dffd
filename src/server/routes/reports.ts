// The report and the exports: every figure from the domain core, over the project's
// stored layers and its own price tables. The rows are read here (as text, in pages) and
// evaluated and formatted in a worker thread, so the server keeps answering meanwhile.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../httpError';
import { getProject, isoTime, listSnapshots, projectPriceTables, type Db } from '../store';
import { projectFeaturePages, snapshotFeaturePages } from '../store/cityRows';
import { packOf, rowPages, sendBytes, transferOf, type RouteContext } from './context';

/** The export formats: parcels as GeoJSON, FlatGeobuf or CSV, and the rule results as CSV. */
export const EXPORT_FORMATS = ['geojson', 'fgb', 'csv', 'rules-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const isFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** The newest edit of the project's features (a delete too): the date the data is as of. */
async function dataDate(db: Db, projectId: string): Promise<string | undefined> {
  const [row] = await db.query<{ at: Date | string | null }>('SELECT max(at) AS at FROM feature_history WHERE project_id = $1', [projectId]);
  return row?.at ? isoTime(row.at) : undefined;
}

/** FlatGeobuf cannot hold an empty collection. */
async function hasParcels(db: Db, projectId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM features WHERE project_id = $1 AND layer = 'parcels' LIMIT 1", [projectId]);
  return rows.length > 0;
}

/** attachment; filename="ascii" plus RFC 5987 filename* when the name is not plain ASCII. */
function attach(reply: FastifyReply, name: string): void {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const star = ascii === name ? '' : `; filename*=UTF-8''${encodeURIComponent(name)}`;
  reply.header('content-disposition', `attachment; filename="${ascii}"${star}`);
}

/** The content type and file name ending of each format (JSON types as Fastify sends a JSON string: with the charset). */
const FORMAT_FILES: Record<ExportFormat, { type: string; suffix: string }> = {
  geojson: { type: 'application/geo+json; charset=utf-8', suffix: '.geojson' },
  fgb: { type: 'application/flatgeobuf', suffix: '.fgb' },
  csv: { type: 'text/csv; charset=utf-8', suffix: '-parcels.csv' },
  'rules-csv': { type: 'text/csv; charset=utf-8', suffix: '-rules.csv' },
};

export function registerReportRoutes(app: FastifyInstance, { db, access, lang, pool, heavy }: RouteContext): void {
  app.get<{ Params: { pid: string }; Querystring: { policy?: string; lang?: string; baseline?: string; features?: string } }>('/api/projects/:pid/report', async (request, reply) => {
    const pid = request.params.pid;
    const { user } = await access(request, pid, false);
    const pack = packOf(request.query.policy);
    const baselineId = request.query.baseline;
    return heavy(user, async () => {
      // the baseline first: an unknown one is a 404 before 20 000 rows are read
      const baselineRows = baselineId ? await rowPages(snapshotFeaturePages(db, { projectId: pid, snapshotId: baselineId })) : undefined;
      const rows = await rowPages(projectFeaturePages(db, pid));
      const tables = await projectPriceTables(db, pid);
      const input = { rows, baselineRows, packId: pack.id, lang: lang(request.query.lang), tables, withFeatures: request.query.features === '1' };
      const bytes = await pool.run('report', input, { transfer: transferOf(rows, baselineRows) });
      reply.type('application/json; charset=utf-8');
      return sendBytes(reply, bytes);
    });
  });

  app.get<{ Params: { pid: string }; Querystring: { policy?: string; format?: string; lang?: string; baseline?: string } }>('/api/projects/:pid/export', async (request, reply) => {
    const pid = request.params.pid;
    const { user } = await access(request, pid, false);
    const pack = packOf(request.query.policy);
    const format = request.query.format ?? 'geojson';
    if (!isFormat(format)) throw new HttpError(400, 'bad-format', `format=${format}: use one of ${EXPORT_FORMATS.join(', ')}`);
    const language = lang(request.query.lang);
    return heavy(user, async () => {
      let baseline;
      if (request.query.baseline) {
        const id = request.query.baseline;
        const snapshot = (await listSnapshots(db, { projectId: pid })).find((s) => s.id === id);
        if (!snapshot) throw new HttpError(404, 'unknown-snapshot', `baseline=${id}: project ${pid} has no such snapshot (GET /api/projects/${pid}/snapshots lists them)`);
        baseline = { id, name: snapshot.name, rows: await rowPages(snapshotFeaturePages(db, { projectId: pid, snapshotId: id })) };
      }
      if (format === 'fgb' && !(await hasParcels(db, pid))) throw new HttpError(422, 'no-parcels', `project ${pid} has no parcels to write as FlatGeobuf; use format=geojson for an empty collection`);
      const [rows, tables, project, edited] = await Promise.all([rowPages(projectFeaturePages(db, pid)), projectPriceTables(db, pid), getProject(db, pid), dataDate(db, pid)]);
      const exportedAt = new Date().toISOString();
      const bytes = await pool.run('parcelExport', {
        rows, format, baseline, packId: pack.id, lang: language, tables,
        dataDate: edited, exportedAt, project: { id: pid, name: project?.name ?? pid },
      }, { transfer: transferOf(rows, baseline?.rows) });
      // project, pack and date: what a planner sorts a folder of exports by
      const file = FORMAT_FILES[format];
      reply.type(file.type);
      attach(reply, `${pid}-${pack.id}-${exportedAt.slice(0, 10)}${file.suffix}`);
      return sendBytes(reply, bytes);
    });
  });
}
