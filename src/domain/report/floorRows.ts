// Every parcel's land-sale price floor under a pack's pricing rule, with the figures it is
// made of and whether a recorded sale price is below it: the price-floor table's rows.
import type { CityFacts } from '../policy/facts';
import type { PolicyPack } from '../policy/pack';
import { priceFloor } from '../pricing/priceFloor';
import type { PriceTable } from '../pricing/priceTable';
import type { City } from '../schema/kinds';

export interface FloorRowData {
  id: string;
  name: string | null;
  landUse: string;
  grade: number | null;
  areaM2: number;
  /** 0–1 inside parks */
  parkShare: number;
  parkId: string | null;
  districtId: string | null;
  /** 元/m² of the grade */
  unitPrice: number | null;
  table: string | null;
  tableVersion: string | null;
  factor: number | null;
  farFactor: number | null;
  floorYuan: number | null;
  salePrice: number | null;
  /** a recorded sale price below the floor */
  breach: boolean;
  reason: string;
}

export interface FloorTableInfo {
  id: string;
  version: string;
  name: string;
  placeholder: boolean;
}

export function floorRows(city: City, facts: CityFacts, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>, lang: 'zh' | 'en'): { rows: FloorRowData[]; tables: FloorTableInfo[] } {
  const areas = facts.parcelArea();
  const shares = facts.parkShare();
  const parks = facts.parcelPark();
  const districts = facts.parcelDistricts();
  const rows = city.parcels.map((parcel, i): FloorRowData => {
    const p = parcel.properties;
    const floor = priceFloor(p, areas[i], shares[i], pack, tables);
    const sale = p.salePrice ?? null;
    return {
      id: parcel.id,
      name: p.name ?? null,
      landUse: p.landUse,
      grade: p.grade ?? null,
      areaM2: areas[i],
      parkShare: shares[i],
      parkId: parks[i] >= 0 ? city.parks[parks[i]].id : null,
      districtId: facts.largestDistrict(districts[i], (d) => d.properties.kind !== 'national-zone'),
      unitPrice: floor.unitPrice,
      table: floor.table,
      tableVersion: floor.tableVersion,
      factor: floor.factor,
      farFactor: floor.farFactor,
      floorYuan: floor.yuan,
      salePrice: sale,
      breach: sale !== null && floor.yuan !== null && sale < floor.yuan,
      reason: floor.reason[lang],
    };
  });
  const used = pack.pricing ? tables.get(pack.pricing.table) : undefined;
  return { rows, tables: used ? [{ id: used.id, version: used.version, name: used.name[lang], placeholder: used.placeholder }] : [] };
}
