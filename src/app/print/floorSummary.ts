// The price-floor summary of the printed report, from the GeoJSON export's parcels: how many
// have a floor, their sum in 万元, by factor (70 % / 100 %) and by table and version, and the
// parcels sold below their floor.
import type { Feature } from 'geojson';

export interface FloorGroup {
  key: string;
  parcels: number;
  sumWanYuan: number;
}

export interface FloorSummary {
  parcels: number;
  withFloor: number;
  sumWanYuan: number;
  byFactor: Array<FloorGroup & { factor: number }>;
  byTable: Array<FloorGroup & { table: string; version: string }>;
  /** parcel ids whose salePrice (元) is below the floor, in export order */
  below: string[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function floorSummary(features: readonly Feature[]): FloorSummary {
  const factors = new Map<number, FloorGroup & { factor: number }>();
  const tables = new Map<string, FloorGroup & { table: string; version: string }>();
  const below: string[] = [];
  let withFloor = 0;
  let sum = 0;
  for (const f of features) {
    const p = f.properties ?? {};
    const floor = num(p.price_floor_yuan);
    if (floor === null) continue;
    withFloor++;
    sum += floor;
    const factor = num(p.price_floor_factor) ?? 1;
    const byFactor = factors.get(factor) ?? { key: String(factor), factor, parcels: 0, sumWanYuan: 0 };
    byFactor.parcels++;
    byFactor.sumWanYuan += floor / 1e4;
    factors.set(factor, byFactor);
    const table = String(p.price_floor_table ?? '');
    const version = String(p.price_floor_table_version ?? '');
    const tableKey = `${table}@${version}`;
    const byTable = tables.get(tableKey) ?? { key: tableKey, table, version, parcels: 0, sumWanYuan: 0 };
    byTable.parcels++;
    byTable.sumWanYuan += floor / 1e4;
    tables.set(tableKey, byTable);
    const sale = num(p.salePrice);
    if (sale !== null && sale < floor) below.push(String(p.id ?? f.id));
  }
  return {
    parcels: features.length,
    withFloor,
    sumWanYuan: sum / 1e4,
    byFactor: [...factors.values()].sort((a, b) => a.factor - b.factor),
    byTable: [...tables.values()],
    below,
  };
}
