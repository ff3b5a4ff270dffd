// The places a rule is evaluated in: the city, each district of a kind, each tier,
// each park. A scope weighs each parcel (the share of it inside the scope) and picks parks.
import type { City, District, Park, ParkTier } from '../schema/kinds';
import { PARK_TIERS } from '../schema/kinds';
import type { CityFacts } from './facts';
import type { Scope } from './pack';

export interface ScopeView {
  /** 'city', a district id, 'tier:modern', or a park id */
  key: string;
  name: { zh: string; en: string };
  district?: District;
  tier?: ParkTier;
  park?: Park;
  /** the part of each parcel inside the scope, m² (by parcel index) */
  parcelArea(i: number): number;
  /** whether park k belongs to the scope */
  hasPark(k: number): boolean;
  /**
   * The parcels that can have area in the scope, ascending (null: every parcel), so a
   * metric over one park or district does not visit the whole city.
   */
  parcels: readonly number[] | null;
}

const TIER_NAMES: Record<ParkTier, { zh: string; en: string }> = {
  modern: { zh: '现代产业园', en: 'modern industrial parks' },
  specialty: { zh: '特色产业园', en: 'specialty industrial parks' },
  urban: { zh: '都市工业园', en: 'urban industrial parks' },
};

export function scopeViews(scope: Scope, city: City, facts: CityFacts): ScopeView[] {
  const areas = (): Float64Array => facts.parcelArea();
  switch (scope.each) {
    case 'city':
      return [{ key: scope.key ? `city:${scope.key}` : 'city', name: scope.name ?? { zh: '全市', en: 'city' }, parcelArea: (i) => areas()[i], hasPark: () => true, parcels: null }];
    case 'district': {
      const kinds = scope.kinds ?? [];
      const names = scope.names ?? [];
      const chosen = city.districts
        .map((district, d) => ({ district, d }))
        .filter(({ district }) => kinds.includes(district.properties.kind) || names.some((n) => district.properties.name.includes(n)));
      return chosen.map(({ district, d }) => {
        const inside = (i: number): number => facts.districtScopeArea(d)[i];
        return {
          key: district.id,
          name: { zh: district.properties.name, en: district.properties.name },
          district,
          parcelArea: inside,
          hasPark: (k) => facts.parkInDistrict(k, d),
          parcels: facts.districtParcels()[d],
        };
      });
    }
    case 'tier':
      return (scope.tiers ?? PARK_TIERS).map((tier) => ({
        key: `tier:${tier}`,
        name: TIER_NAMES[tier],
        tier,
        parcelArea: (i) => {
          const k = facts.parcelPark()[i];
          return k >= 0 && city.parks[k].properties.tier === tier ? areas()[i] : 0;
        },
        hasPark: (k) => city.parks[k].properties.tier === tier,
        parcels: facts.tierParcels(tier),
      }));
    case 'park':
      return city.parks
        .map((park, k) => ({ park, k }))
        .filter(({ park }) => !scope.tiers || scope.tiers.includes(park.properties.tier))
        .map(({ park, k }) => ({
          key: park.id,
          name: { zh: park.properties.name, en: park.properties.name },
          park,
          tier: park.properties.tier,
          parcelArea: (i) => (facts.parcelPark()[i] === k ? areas()[i] : 0),
          hasPark: (j) => j === k,
          parcels: facts.parkParcels()[k],
        }));
  }
}
