// A city now against a baseline snapshot of it: which features were added, removed and
// changed in each layer, the areas (exact, ellipsoidal) now and then, parcel area by
// land use and industrial parcel area inside each park. Pure: the server's compare route
// and the tests use it; the figures add up (area change = added − removed + changed deltas).
import { geometryArea } from '../geometry/area';
import { bboxOf, polygonsOf, type Bbox } from '../geometry/overlay';
import { CityFacts } from '../policy/facts';
import { landUseCode, landUseMatches } from '../schema/landUse';
import type { AreaFeature, City, LayerName } from '../schema/kinds';

export const COMPARED_LAYERS: readonly LayerName[] = ['districts', 'zones', 'parks', 'parcels'];

export interface LayerComparison {
  /** ids now but not in the baseline, in id order */
  added: string[];
  /** ids in the baseline but no longer now */
  removed: string[];
  /** ids in both whose properties or geometry differ */
  changed: string[];
  countNow: number;
  countBaseline: number;
  areaNowM2: number;
  areaBaselineM2: number;
  /** areaNowM2 − areaBaselineM2 = addedM2 − removedM2 + changedDeltaM2 */
  areaChangeM2: number;
  /** the area of the added features now */
  addedM2: number;
  /** the area the removed features had in the baseline */
  removedM2: number;
  /** Σ (now − baseline) over the changed features */
  changedDeltaM2: number;
}

export interface LandUseAreaRow {
  code: string;
  /** the code's name; null for a code the tables don't know */
  zh: string | null;
  en: string | null;
  nowM2: number;
  baselineM2: number;
  changeM2: number;
}

/** Industrial parcel area inside one park (overlapping parks each count the shared part). */
export interface ParkAreaRow {
  parkId: string;
  /** the park's name now, else in the baseline */
  name: string | null;
  /** false: the park no longer exists (or is new: inBaseline false) */
  inNow: boolean;
  inBaseline: boolean;
  nowM2: number;
  baselineM2: number;
  changeM2: number;
}

export interface CityComparison {
  layers: Record<LayerName, LayerComparison>;
  /** by code, in code order */
  parcelAreaByLandUse: LandUseAreaRow[];
  /** the land-use codes counted as industrial (a policy pack's setting) */
  industrialLandUse: string[];
  /** every park of either city, in id order */
  industrialAreaByPark: ParkAreaRow[];
  /** industrial parcel area of the whole city (inside parks or not) */
  industrialAreaNowM2: number;
  industrialAreaBaselineM2: number;
}

export interface CompareOptions {
  /** which codes count as industrial land (children included): a pack's `industrialLandUse` */
  industrialLandUse: readonly string[];
  /** facts already computed for either city (their parcel and park areas are reused) */
  nowFacts?: CityFacts;
  baselineFacts?: CityFacts;
}

/** Deep equality of JSON values; key order does not matter (stores reorder jsonb keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // An absent key and one holding undefined are the same once stored as JSON.
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}

function areasOf(layer: LayerName, city: City, facts: CityFacts): ArrayLike<number> {
  if (layer === 'parcels') return facts.parcelArea();
  if (layer === 'parks') return facts.parkArea();
  return (city[layer] as readonly AreaFeature<unknown>[]).map((f) => geometryArea(f.geometry));
}

/** Feature indices in id order: every sum runs in it, so equal data give equal sums exactly. */
function idOrder(features: readonly AreaFeature<unknown>[]): number[] {
  return features.map((_, i) => i).sort((x, y) => (features[x].id < features[y].id ? -1 : features[x].id > features[y].id ? 1 : 0));
}

function sumInIdOrder(features: readonly AreaFeature<unknown>[], areas: ArrayLike<number>): number {
  return idOrder(features).reduce((sum, i) => sum + areas[i], 0);
}

function compareLayer(layer: LayerName, now: City, before: City, nowFacts: CityFacts, beforeFacts: CityFacts): LayerComparison {
  const a = now[layer] as readonly AreaFeature<unknown>[];
  const b = before[layer] as readonly AreaFeature<unknown>[];
  const areaA = areasOf(layer, now, nowFacts);
  const areaB = areasOf(layer, before, beforeFacts);
  const indexA = new Map(a.map((f, i) => [f.id, i]));
  const indexB = new Map(b.map((f, i) => [f.id, i]));
  const out: LayerComparison = { added: [], removed: [], changed: [], countNow: a.length, countBaseline: b.length, areaNowM2: 0, areaBaselineM2: 0, areaChangeM2: 0, addedM2: 0, removedM2: 0, changedDeltaM2: 0 };
  // Totals are summed in id order on both sides, so an unchanged layer's change is exactly 0
  // whatever order the features came in.
  out.areaNowM2 = sumInIdOrder(a, areaA);
  out.areaBaselineM2 = sumInIdOrder(b, areaB);
  a.forEach((f, i) => {
    const j = indexB.get(f.id);
    if (j === undefined) {
      out.added.push(f.id);
      out.addedM2 += areaA[i];
    } else if (!sameJson(f.properties, b[j].properties) || !sameJson(f.geometry, b[j].geometry)) {
      out.changed.push(f.id);
      out.changedDeltaM2 += areaA[i] - areaB[j];
    }
  });
  b.forEach((f, j) => {
    if (!indexA.has(f.id)) {
      out.removed.push(f.id);
      out.removedM2 += areaB[j];
    }
  });
  out.areaChangeM2 = out.areaNowM2 - out.areaBaselineM2;
  const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  out.added.sort(byId);
  out.removed.sort(byId);
  out.changed.sort(byId);
  return out;
}

const overlaps = (p: Bbox, q: Bbox): boolean => p[0] <= q[2] && q[0] <= p[2] && p[1] <= q[3] && q[1] <= p[3];

/** Industrial parcel area (m²) inside each park of one city, by park id. */
function industrialInParks(city: City, facts: CityFacts, isIndustrial: (code: string) => boolean): Map<string, number> {
  const out = new Map(city.parks.map((p) => [p.id, 0]));
  const share = facts.parkShare();
  const inParks = idOrder(city.parcels).flatMap((i) => {
    const p = city.parcels[i];
    return share[i] > 0 && isIndustrial(p.properties.landUse) ? [{ i, box: bboxOf(polygonsOf(p.geometry)) }] : [];
  });
  city.parks.forEach((park, k) => {
    const box = bboxOf(polygonsOf(park.geometry));
    let sum = 0;
    for (const { i, box: pb } of inParks) if (overlaps(box, pb)) sum += facts.parkIndex(k).overlapArea(city.parcels[i].geometry);
    out.set(park.id, (out.get(park.id) ?? 0) + sum);
  });
  return out;
}

export function compareCities(now: City, baseline: City, options: CompareOptions): CityComparison {
  const nowFacts = options.nowFacts ?? new CityFacts(now);
  const beforeFacts = options.baselineFacts ?? new CityFacts(baseline);
  const layers = Object.fromEntries(COMPARED_LAYERS.map((layer) => [layer, compareLayer(layer, now, baseline, nowFacts, beforeFacts)])) as Record<LayerName, LayerComparison>;

  const byCode = new Map<string, { nowM2: number; baselineM2: number }>();
  const add = (city: City, facts: CityFacts, key: 'nowM2' | 'baselineM2'): void => {
    const areas = facts.parcelArea();
    for (const i of idOrder(city.parcels)) {
      const code = city.parcels[i].properties.landUse;
      let row = byCode.get(code);
      if (!row) byCode.set(code, (row = { nowM2: 0, baselineM2: 0 }));
      row[key] += areas[i];
    }
  };
  add(now, nowFacts, 'nowM2');
  add(baseline, beforeFacts, 'baselineM2');
  const parcelAreaByLandUse = [...byCode]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([code, { nowM2, baselineM2 }]) => {
      const known = landUseCode(code);
      return { code, zh: known?.zh ?? null, en: known?.en ?? null, nowM2, baselineM2, changeM2: nowM2 - baselineM2 };
    });

  const codes = [...options.industrialLandUse];
  const matches = new Map<string, boolean>();
  const isIndustrial = (code: string): boolean => {
    let hit = matches.get(code);
    if (hit === undefined) matches.set(code, (hit = landUseMatches(code, codes)));
    return hit;
  };
  const industrialTotal = (city: City, facts: CityFacts): number => {
    const areas = facts.parcelArea();
    return idOrder(city.parcels).reduce((sum, i) => sum + (isIndustrial(city.parcels[i].properties.landUse) ? areas[i] : 0), 0);
  };
  const parksNow = industrialInParks(now, nowFacts, isIndustrial);
  const parksBefore = industrialInParks(baseline, beforeFacts, isIndustrial);
  const names = new Map<string, string | null>();
  for (const p of [...baseline.parks, ...now.parks]) names.set(p.id, p.properties.name ?? null);
  const industrialAreaByPark = [...names.keys()]
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .map((parkId) => {
      const nowM2 = parksNow.get(parkId) ?? 0;
      const baselineM2 = parksBefore.get(parkId) ?? 0;
      return { parkId, name: names.get(parkId) ?? null, inNow: parksNow.has(parkId), inBaseline: parksBefore.has(parkId), nowM2, baselineM2, changeM2: nowM2 - baselineM2 };
    });

  return {
    layers,
    parcelAreaByLandUse,
    industrialLandUse: codes,
    industrialAreaByPark,
    industrialAreaNowM2: industrialTotal(now, nowFacts),
    industrialAreaBaselineM2: industrialTotal(baseline, beforeFacts),
  };
}
