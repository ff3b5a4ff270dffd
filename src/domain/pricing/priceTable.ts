// Price tables: a price per m² of land for each land grade (土地等别 1–15).

export type PriceTableKind = 'national-minimum' | 'benchmark';

export interface GradePrice {
  grade: number;
  /** 元/m² of land */
  price: number;
  /** false where the figure is not yet checked against its source */
  confirmed: boolean;
}

export interface PriceTable {
  id: string;
  kind: PriceTableKind;
  name: { zh: string; en: string };
  source: string;
  version: string;
  unit: 'yuan-per-m2';
  /** true for shipped stand-in data that a city must replace */
  placeholder: boolean;
  note?: { zh: string; en: string };
  grades: GradePrice[];
}

export class PriceTableError extends Error {}

/** Checks a table read from JSON or CSV: every grade 1–15 once, positive finite prices. */
export function checkPriceTable(table: PriceTable): PriceTable {
  const seen = new Set<number>();
  for (const g of table.grades) {
    if (!Number.isInteger(g.grade) || g.grade < 1 || g.grade > 15) throw new PriceTableError(`price table ${table.id}: grade ${g.grade} is not a land grade 1–15`);
    if (seen.has(g.grade)) throw new PriceTableError(`price table ${table.id}: grade ${g.grade} appears twice`);
    if (!Number.isFinite(g.price) || g.price <= 0) throw new PriceTableError(`price table ${table.id}: grade ${g.grade} has price ${g.price}; prices are positive 元/m²`);
    seen.add(g.grade);
  }
  for (let grade = 1; grade <= 15; grade++) if (!seen.has(grade)) throw new PriceTableError(`price table ${table.id}: grade ${grade} is missing; a table lists grades 1–15`);
  return table;
}

export function gradePrice(table: PriceTable, grade: number): GradePrice | undefined {
  return table.grades.find((g) => g.grade === grade);
}
