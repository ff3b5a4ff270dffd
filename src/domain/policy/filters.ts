// Parcel and park filters of a rule's metric.
import { landUseMatches } from '../schema/landUse';
import type { Park, Parcel, ParcelProps } from '../schema/kinds';
import type { CityFacts } from './facts';
import type { ParcelFilter, ParkFilter, PolicyPack } from './pack';

const matchCache = new WeakMap<readonly string[], Map<string, boolean>>();

/** landUseMatches, remembered per code list: a city has few codes and many parcels. */
function matches(code: string, codes: readonly string[]): boolean {
  let cache = matchCache.get(codes);
  if (!cache) matchCache.set(codes, (cache = new Map()));
  let hit = cache.get(code);
  if (hit === undefined) cache.set(code, (hit = landUseMatches(code, codes)));
  return hit;
}

/** 0–1: how much of parcel i the filter keeps (the share inside parks for `within`). */
export function parcelWeight(filter: ParcelFilter, parcel: Parcel, i: number, pack: PolicyPack, facts: CityFacts): number {
  const p = parcel.properties;
  if (filter.industrial !== undefined && matches(p.landUse, pack.industrialLandUse) !== filter.industrial) return 0;
  if (filter.landUse && !matches(p.landUse, filter.landUse)) return 0;
  if (filter.status) {
    const statuses = filter.status === 'existing' ? pack.existingStatuses : filter.status === 'developed' ? pack.developedStatuses : filter.status;
    if (!p.status || !statuses.includes(p.status)) return 0;
  }
  if (filter.flags) for (const [flag, wanted] of Object.entries(filter.flags)) if ((p[flag as keyof ParcelProps] === true) !== wanted) return 0;
  if (filter.supplyYearMin !== undefined && !(p.supplyYear !== undefined && p.supplyYear >= filter.supplyYearMin)) return 0;
  if (filter.supplyModes && !(p.supplyMode && filter.supplyModes.includes(p.supplyMode))) return 0;
  if (filter.within === 'parks') return facts.parkShare()[i];
  if (filter.within === 'upgradeParks') return facts.upgradeParkShare()[i];
  return 1;
}

export function parkMatches(filter: ParkFilter, park: Park): boolean {
  const p = park.properties;
  if (filter.tiers && !filter.tiers.includes(p.tier)) return false;
  if (filter.minOutput !== undefined && !(p.output !== undefined && p.output >= filter.minOutput)) return false;
  if (filter.outputAbove !== undefined && !(p.output !== undefined && p.output > filter.outputAbove)) return false;
  if (filter.flags) for (const [flag, wanted] of Object.entries(filter.flags)) if ((p[flag as keyof typeof p] === true) !== wanted) return false;
  return true;
}

/** The park fields a filter reads, to tell "no park qualifies" from "the data has no such figures". */
export function parkFilterFields(filter: ParkFilter): string[] {
  const fields: string[] = [];
  if (filter.minOutput !== undefined || filter.outputAbove !== undefined) fields.push('output');
  for (const flag of Object.keys(filter.flags ?? {})) fields.push(flag);
  return fields;
}

/** The parcel fields a filter reads (see parkFilterFields). */
export function parcelFilterFields(filter: ParcelFilter): string[] {
  const fields: string[] = [];
  if (filter.status) fields.push('status');
  for (const flag of Object.keys(filter.flags ?? {})) fields.push(flag);
  if (filter.supplyYearMin !== undefined) fields.push('supplyYear');
  if (filter.supplyModes) fields.push('supplyMode');
  return fields;
}
