// The packs and price tables that ship with ParkAtlas (data/), bundled so the browser's
// worker, the server and the CLI all see the same ones without reading files.
import chongqing2021 from '../../../data/policies/chongqing-2021.json';
import qiaokou2019 from '../../../data/policies/qiaokou-2019.json';
import wuhan2021 from '../../../data/policies/wuhan-2021.json';
import wuhan2025 from '../../../data/policies/wuhan-2025.json';
import wuhanEdz2019 from '../../../data/policies/wuhan-edz-2019.json';
import nationalMinimum from '../../../data/prices/national-minimum-2006.json';
import wuhanBenchmark from '../../../data/prices/wuhan-benchmark-placeholder.json';
import { checkPriceTable, type PriceTable } from '../pricing/priceTable';
import { checkPackRules } from './packRules';
import type { PolicyPack } from './pack';

/** The packs' JSON as shipped; test/unit/shippedPacks.test.ts checks each against the schema. */
export const SHIPPED_PACK_JSON: readonly unknown[] = [wuhan2025, wuhan2021, chongqing2021, wuhanEdz2019, qiaokou2019];

export const SHIPPED_PACKS: ReadonlyMap<string, PolicyPack> = new Map(
  SHIPPED_PACK_JSON.map((json) => {
    const pack = checkPackRules(json as PolicyPack);
    return [pack.id, pack];
  }),
);

export const SHIPPED_PRICE_TABLES: ReadonlyMap<string, PriceTable> = new Map(
  [nationalMinimum, wuhanBenchmark].map((json) => {
    const table = checkPriceTable(json as PriceTable);
    return [table.id, table];
  }),
);
