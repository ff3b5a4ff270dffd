// The project's price tables, editable and versioned: planners import a CSV of grade → price
// that replaces a shipped table for the project's floors; reviewers read.
import type { FastifyInstance } from 'fastify';
import type {
  ImportPriceTableRequest, ImportPriceTableResponse, PriceTableVersionInfo, ProjectPriceTable, ProjectPriceTablesResponse,
} from '../../api/priceTables';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import { checkPriceTable, type PriceTable } from '../../domain/pricing/priceTable';
import { PriceTableCsvError, readPriceTableCsv, type PriceCsvRead } from '../../io/priceTableCsv';
import { HttpError } from '../httpError';
import { addPriceTableVersion, listPriceTableVersions, priceTableOfVersion, projectPriceTables } from '../store';
import type { RouteContext } from './context';

/** The tables a project may replace: those the shipped packs' pricing rules use, with the packs. */
const REPLACEABLE: ReadonlyMap<string, string[]> = (() => {
  const byTable = new Map<string, string[]>();
  for (const pack of SHIPPED_PACKS.values()) {
    const id = pack.pricing?.table;
    if (id && SHIPPED_PRICE_TABLES.has(id)) byTable.set(id, [...(byTable.get(id) ?? []), pack.id]);
  }
  return byTable;
})();

const MAX_CSV_CHARS = 1_000_000;

function shippedTable(tableId: string): PriceTable {
  const table = REPLACEABLE.has(tableId) ? SHIPPED_PRICE_TABLES.get(tableId) : undefined;
  if (!table) {
    const ids = [...REPLACEABLE.keys()];
    throw new HttpError(404, 'unknown-price-table', `no price table '${tableId}' to replace: use one of ${ids.join(', ')}`, { tables: ids });
  }
  return table;
}

/** The shipped name without its placeholder marker: an imported table is the city's own. */
function importedName(shipped: PriceTable): { zh: string; en: string } {
  return { zh: shipped.name.zh.replace(/（占位数据）|\(占位数据\)/g, '').trim(), en: shipped.name.en.replace(/\s*\(PLACEHOLDER\)/gi, '').trim() };
}

const optionalText = (value: unknown, field: string, max: number): string | null => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, 'bad-price-table', `${field}: must be a text of at most ${max} characters`);
  return value.trim() || null;
};

export function registerPriceTableRoutes(app: FastifyInstance, { db, access }: RouteContext): void {
  app.get<{ Params: { pid: string } }>('/api/projects/:pid/price-tables', async (request): Promise<ProjectPriceTablesResponse> => {
    await access(request, request.params.pid, false);
    const [effective, versions] = await Promise.all([projectPriceTables(db, request.params.pid), listPriceTableVersions(db, { projectId: request.params.pid })]);
    const tables = [...REPLACEABLE].map(([id, packs]): ProjectPriceTable => {
      const shipped = SHIPPED_PRICE_TABLES.get(id) as PriceTable;
      const own = versions.filter((v) => v.tableId === id);
      return {
        table: effective.get(id) ?? shipped,
        currentVersion: own[0]?.version ?? null,
        shipped: { version: shipped.version, placeholder: shipped.placeholder, name: shipped.name },
        packs,
        versions: own,
      };
    });
    return { tables };
  });

  app.get<{ Params: { pid: string; tableId: string } }>('/api/projects/:pid/price-tables/:tableId/versions', async (request): Promise<PriceTableVersionInfo[]> => {
    await access(request, request.params.pid, false);
    shippedTable(request.params.tableId);
    return listPriceTableVersions(db, { projectId: request.params.pid, tableId: request.params.tableId });
  });

  app.post<{ Params: { pid: string; tableId: string }; Body: ImportPriceTableRequest }>(
    '/api/projects/:pid/price-tables/:tableId',
    async (request, reply): Promise<ImportPriceTableResponse> => {
      const { user } = await access(request, request.params.pid, true);
      const shipped = shippedTable(request.params.tableId);
      const body = (request.body ?? {}) as Partial<Record<keyof ImportPriceTableRequest, unknown>>;
      if (typeof body.csv !== 'string')
        throw new HttpError(400, 'bad-price-table', 'send {"csv": "等别,价格\\n1,1050\\n…", "fileName"?: "…", "comment"?: "…"}: the CSV as text, one line per grade 1–15');
      if (body.csv.length > MAX_CSV_CHARS) throw new HttpError(413, 'too-large', `the CSV has ${body.csv.length} characters; a price table has 15 lines`);
      const fileName = optionalText(body.fileName, 'fileName', 200);
      const comment = optionalText(body.comment, 'comment', 1000);
      const csv = body.csv;
      const read = ((): PriceCsvRead => {
        try {
          return readPriceTableCsv(csv, fileName ?? 'CSV');
        } catch (error) {
          if (!(error instanceof PriceTableCsvError)) throw error;
          throw new HttpError(422, 'invalid-price-table', `${error.problems.length} problem(s) in ${fileName ?? 'the CSV'}; nothing was stored: fix them and import the file again`, { errors: error.problems });
        }
      })();
      const version = await addPriceTableVersion(db, {
        projectId: request.params.pid, tableId: shipped.id, name: importedName(shipped), grades: read.grades, sourceFile: fileName, comment, user,
      });
      reply.status(201);
      return { version, table: checkPriceTable(priceTableOfVersion(shipped, version)), warnings: read.warnings };
    },
  );
}
