// The price-table calls of the API (src/api/priceTables.ts), and reading a planner's CSV
// file in the browser: the bytes decoded here (UTF-8 or GBK), the text sent to the server.
import type {
  ImportPriceTableRequest, ImportPriceTableResponse, PriceTableProblem, ProjectPriceTablesResponse,
} from '../../api/priceTables';
import { decodePriceCsv, PriceTableCsvError } from '../../io/priceTableCsv';
import { ApiRequestError, type ApiClient } from '../api/client';

const base = (projectId: string): string => `projects/${encodeURIComponent(projectId)}/price-tables`;

export function loadPriceTables(api: ApiClient, projectId: string): Promise<ProjectPriceTablesResponse> {
  return api.call<ProjectPriceTablesResponse>('GET', base(projectId));
}

/** Why an import failed: the CSV's problems, line by line, or one message. */
export type ImportFailure = { problems: PriceTableProblem[]; message: string };

export async function importPriceTableFile(
  api: ApiClient,
  projectId: string,
  tableId: string,
  file: File,
  comment: string,
): Promise<{ ok: true; result: ImportPriceTableResponse } | { ok: false; failure: ImportFailure }> {
  let csv: string;
  try {
    csv = decodePriceCsv(new Uint8Array(await file.arrayBuffer()), file.name).text;
  } catch (e) {
    if (e instanceof PriceTableCsvError) return { ok: false, failure: { problems: e.problems, message: e.message } };
    throw e;
  }
  const body: ImportPriceTableRequest = { csv, fileName: file.name, ...(comment.trim() ? { comment: comment.trim() } : {}) };
  try {
    return { ok: true, result: await api.call<ImportPriceTableResponse>('POST', `${base(projectId)}/${encodeURIComponent(tableId)}`, body) };
  } catch (e) {
    if (e instanceof ApiRequestError) {
      const errors = (e.body as { errors?: PriceTableProblem[] } | null)?.errors;
      return { ok: false, failure: { problems: Array.isArray(errors) ? errors : [], message: e.message } };
    }
    throw e;
  }
}
