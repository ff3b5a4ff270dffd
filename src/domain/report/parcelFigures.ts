// The computed figures of each parcel that exports carry next to its own attributes.
import { CityFacts } from '../policy/facts';
import type { PolicyPack } from '../policy/pack';
import { priceFloor } from '../pricing/priceFloor';
import type { PriceTable } from '../pricing/priceTable';
import type { City } from '../schema/kinds';
import { fromSquareMetres } from '../units';

export interface ParcelFigures {
  area_m2: number;
  area_mu: number;
  area_ha: number;
  park_id: string | null;
  /** 0–1, the share of the parcel inside the union of all parks */
  park_share: number;
  /** the administrative district (central or new-city) holding most of the parcel */
  district_id: string | null;
  /** the national development zone holding most of the parcel, if any */
  national_zone_id: string | null;
  price_floor_yuan: number | null;
  price_floor_unit_yuan_m2: number | null;
  price_floor_factor: number | null;
  price_floor_table: string | null;
  price_floor_table_version: string | null;
  price_floor_reason: string;
}

export function parcelFigures(city: City, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>, lang: 'zh' | 'en', facts = new CityFacts(city)): ParcelFigures[] {
  const areas = facts.parcelArea();
  const shares = facts.parkShare();
  const parks = facts.parcelPark();
  const districts = facts.parcelDistricts();
  return city.parcels.map((parcel, i) => {
    const floor = priceFloor(parcel.properties, areas[i], shares[i], pack, tables);
    return {
      area_m2: areas[i],
      area_mu: fromSquareMetres(areas[i], 'mu'),
      area_ha: fromSquareMetres(areas[i], 'ha'),
      park_id: parks[i] >= 0 ? city.parks[parks[i]].id : null,
      park_share: shares[i],
      district_id: facts.largestDistrict(districts[i], (d) => d.properties.kind !== 'national-zone'),
      national_zone_id: facts.largestDistrict(districts[i], (d) => d.properties.kind === 'national-zone'),
      price_floor_yuan: floor.yuan,
      price_floor_unit_yuan_m2: floor.unitPrice,
      price_floor_factor: floor.factor,
      price_floor_table: floor.table,
      price_floor_table_version: floor.tableVersion,
      price_floor_reason: floor.reason[lang],
    };
  });
}
