// The price-table requests and responses (README "Price floors"): a project replaces a
// shipped table (same id) with versions imported from CSV; every floor names its version.
import type { GradePrice, PriceTable } from '../domain/pricing/priceTable';
import type { ApiError } from './types';

/** One imported version of a table in a project. */
export interface PriceTableVersionInfo {
  tableId: string;
  /** 1, 2, 3 … per project and table */
  version: number;
  /** what floors show as the table's version: "v3 (2026-11-22, planner)" */
  label: string;
  name: { zh: string; en: string };
  grades: GradePrice[];
  sourceFile: string | null;
  comment: string | null;
  /** username */
  createdBy: string;
  createdAt: string;
}

/** A table a project's floors use: the shipped one, or the project's newest version of it. */
export interface ProjectPriceTable {
  /** the table floors are computed with now */
  table: PriceTable;
  /** the project version in use; null: the shipped table */
  currentVersion: number | null;
  /** the shipped table this id stands for */
  shipped: { version: string; placeholder: boolean; name: { zh: string; en: string } };
  /** the packs whose pricing rule uses this table */
  packs: string[];
  /** newest first */
  versions: PriceTableVersionInfo[];
}

/** GET /api/projects/:pid/price-tables */
export interface ProjectPriceTablesResponse {
  tables: ProjectPriceTable[];
}

/** POST /api/projects/:pid/price-tables/:tableId: a CSV of grade → price (元/m²) as text. */
export interface ImportPriceTableRequest {
  csv: string;
  fileName?: string;
  comment?: string;
}

/** A problem of a price-table CSV: its line (null: the whole file) and what to do. */
export interface PriceTableProblem {
  line: number | null;
  grade: number | null;
  value: string | null;
  message: string;
  messageZh: string;
}

/** 201 of the POST. */
export interface ImportPriceTableResponse {
  version: PriceTableVersionInfo;
  table: PriceTable;
  /** allowed but worth a look, e.g. a lower grade priced above a higher one */
  warnings: PriceTableProblem[];
}

/** 422 of the POST: every problem; nothing was stored. */
export interface PriceTableErrorResponse extends ApiError {
  code: 'invalid-price-table';
  errors: PriceTableProblem[];
}
