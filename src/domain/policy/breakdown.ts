// Queries behind a dashboard figure: the features it is made of, and the figure broken down
// by place (city → districts / national zones → parks → parcels), each parcel by what it
// contributes (the value minus the value were the parcel not there).
import { bboxOf, polygonsOf } from '../geometry/overlay';
import type { LayerName } from '../schema/kinds';
import { fromSquareMetres } from '../units';
import { resultOf, type Lang } from './evaluate';
import type { LiveCity } from './liveCity';
import { forScopeParcels, inScopeArea, measure, type MetricContext } from './metrics';
import type { Metric, PolicyPack, Rule, RuleStatus, Unit } from './pack';
import type { ScopeView } from './scopes';

export type PlaceKind = 'district' | 'zone' | 'park' | 'parcel';

export interface PlaceRow {
  /** a district, zone, park or parcel id */
  key: string;
  name: string;
  /** the rule's metric over this place; for parcels, what the parcel contributes (value − value without it) */
  value: number | null;
  /** the rule's threshold where it applies to places of this kind */
  threshold: number | null;
  status: RuleStatus | null;
  /** the features behind this row's figure (parcels, or parks for park metrics) */
  layer: LayerName;
  featureIds: string[];
}

export interface PlaceLevel {
  level: PlaceKind;
  /** largest first; parcels at most the cap asked for */
  rows: PlaceRow[];
  /** rows there are in all (parcels beyond the cap included) */
  total: number;
}

export interface Breakdown {
  kind: 'breakdown';
  unit: Unit;
  levels: PlaceLevel[];
}

export type Bbox4 = [number, number, number, number];

/** The layer a metric's features are in. */
export function featureLayer(metric: Metric): LayerName {
  switch (metric.kind) {
    case 'parkCount':
    case 'parkArea':
    case 'parkRatio':
    case 'industryMatch':
      return 'parks';
    case 'zoneCount':
      return 'zones';
    default:
      return 'parcels';
  }
}

/** [minLon, minLat, maxLon, maxLat] of some features of a layer, null for none. */
export function featuresBbox(live: LiveCity, layer: LayerName, ids: readonly string[]): Bbox4 | null {
  const box: Bbox4 = [Infinity, Infinity, -Infinity, -Infinity];
  for (const id of ids) {
    const f = live.feature(layer, id);
    if (!f) continue;
    const [a, b, c, d] = bboxOf(polygonsOf(f.geometry));
    box[0] = Math.min(box[0], a);
    box[1] = Math.min(box[1], b);
    box[2] = Math.max(box[2], c);
    box[3] = Math.max(box[3], d);
  }
  return Number.isFinite(box[0]) ? box : null;
}

/** The features behind one result, by layer, and their bounds; null when there is no such result. */
export function resultFeatures(live: LiveCity, pack: PolicyPack, ruleId: string, scope: string): { kind: 'features'; ids: Partial<Record<LayerName, string[]>>; bbox: Bbox4 | null } | null {
  const found = live.result(pack, ruleId, scope, 'zh');
  if (!found) return null;
  const layer = featureLayer(found.rule.metric);
  const ids = found.result.features;
  return { kind: 'features', ids: { [layer]: [...ids] }, bbox: featuresBbox(live, layer, ids) };
}

// --- places ---------------------------------------------------------------------------------

function districtView(live: LiveCity, d: number): ScopeView {
  const district = live.city.districts[d];
  const facts = live.facts;
  return {
    key: district.id,
    name: { zh: district.properties.name, en: district.properties.name },
    district,
    parcelArea: (i) => facts.districtScopeArea(d)[i],
    hasPark: (k) => facts.parkInDistrict(k, d),
    parcels: facts.districtParcels()[d],
  };
}

function parkView(live: LiveCity, k: number): ScopeView {
  const park = live.city.parks[k];
  const facts = live.facts;
  const areas = facts.parcelArea();
  const parkOf = facts.parcelPark();
  return {
    key: park.id,
    name: { zh: park.properties.name, en: park.properties.name },
    park,
    tier: park.properties.tier,
    parcelArea: (i) => (parkOf[i] === k ? areas[i] : 0),
    hasPark: (j) => j === k,
    parcels: facts.parkParcels()[k],
  };
}

/** Whether the rule's own threshold is meant for places of this kind (else rows show the figure alone). */
function thresholdApplies(rule: Rule, level: PlaceKind, view: ScopeView): boolean {
  const scope = rule.scope;
  if (level === 'district' || level === 'zone') {
    if (scope.each !== 'district' || !view.district) return false;
    const p = view.district.properties;
    return (scope.kinds ?? []).includes(p.kind) || (scope.names ?? []).some((n) => p.name.includes(n));
  }
  if (level === 'park') return scope.each === 'park' && (!scope.tiers || (view.tier !== undefined && scope.tiers.includes(view.tier)));
  return false;
}

function placeRow(rule: Rule, level: PlaceKind, view: ScopeView, ctx: MetricContext, lang: Lang): PlaceRow {
  const m = measure(rule.metric, view, ctx);
  const r = resultOf(rule, view, m, lang);
  const applies = thresholdApplies(rule, level, view);
  return {
    key: view.key,
    name: view.name[lang],
    value: m.value,
    threshold: applies ? r.threshold : null,
    status: applies ? r.status : null,
    layer: featureLayer(rule.metric),
    featureIds: m.features,
  };
}

const byValue = (a: { value: number | null }, b: { value: number | null }): number => (b.value ?? -Infinity) - (a.value ?? -Infinity);

function level(level: PlaceKind, rows: PlaceRow[]): PlaceLevel {
  rows.sort(byValue);
  return { level, rows, total: rows.length };
}

// --- parcels --------------------------------------------------------------------------------

/**
 * A parcel metric as sums over the parcels in a place: num and den per parcel, and how the
 * sums make the figure. Null for metrics that are not sums over parcels.
 */
export function parcelTerms(metric: Metric, view: ScopeView, ctx: MetricContext): { ids: number[]; num: number[]; den: number[]; value: (num: number, den: number) => number | null } | null {
  const { facts, pack, city } = ctx;
  const ids: number[] = [];
  const num: number[] = [];
  const den: number[] = [];
  const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
  const add = (i: number, n: number, d: number): void => {
    if (n === 0 && d === 0) return;
    ids.push(i);
    num.push(n);
    den.push(d);
  };
  const areas = facts.parcelArea();
  /** the parcel's area in the place times its filter weight, 0 where it does not count */
  const weighed = (filter: Parameters<typeof facts.weights>[0], i: number): number => {
    const a = inScopeArea(ctx, view, i);
    const w = facts.weights(filter, pack)[i];
    return a > 0 && w > 0 ? a * w : 0;
  };
  switch (metric.kind) {
    case 'parcelArea':
    case 'baselineChange': {
      forScopeParcels(ctx, view, (i) => add(i, 0, weighed(metric.filter, i)));
      return { ids, num, den, value: (_, d) => fromSquareMetres(d, 'km2') };
    }
    case 'parcelShare': {
      const part = facts.weights(metric.part, pack);
      forScopeParcels(ctx, view, (i) => {
        const aw = weighed(metric.filter, i);
        add(i, aw * part[i], aw);
      });
      return { ids, num, den, value: ratio };
    }
    case 'areaWeightedMean':
    case 'outputIntensity':
    case 'subsidy': {
      forScopeParcels(ctx, view, (i) => {
        const p = city.parcels[i].properties;
        const x =
          metric.kind === 'areaWeightedMean'
            ? p[metric.field]
            : metric.kind === 'outputIntensity'
              ? p.output === undefined ? undefined : p.output / areas[i]
              : p.floorArea === undefined ? undefined : Math.min((metric.yuanPerM2 * p.floorArea) / 1e4, metric.capWanYuan) / areas[i];
        const aw = weighed(metric.filter, i);
        if (x === undefined || aw === 0) return;
        add(i, aw * x, aw);
      });
      if (metric.kind === 'subsidy') return { ids, num, den, value: (n) => n };
      if (metric.kind === 'outputIntensity') return { ids, num, den, value: (n, d) => (d > 0 ? ((n / d) * 1e6) / 1e4 : null) };
      return { ids, num, den, value: ratio };
    }
    case 'revenueShareInParks': {
      const shares = facts.parkShare();
      forScopeParcels(ctx, view, (i) => {
        const rev = city.parcels[i].properties.revenue;
        const aw = weighed(metric.filter, i);
        if (rev === undefined || aw === 0) return;
        const share = aw / areas[i];
        add(i, rev * share * shares[i], rev * share);
      });
      return { ids, num, den, value: ratio };
    }
    case 'priceFloorBreaches': {
      const floors = facts.floors(pack, ctx.tables);
      const weights = facts.weights(metric.filter, pack);
      forScopeParcels(ctx, view, (i) => {
        const sale = city.parcels[i].properties.salePrice;
        if (sale === undefined || inScopeArea(ctx, view, i) <= 0 || weights[i] <= 0) return;
        if (sale < floors[i]) add(i, 1, 0);
      });
      return { ids, num, den, value: (n) => n };
    }
    default:
      return null;
  }
}

/** Each parcel's contribution to the figure in a place, largest |contribution| first, at most `max`. */
function parcelLevel(rule: Rule, view: ScopeView, ctx: MetricContext, max: number): PlaceLevel | null {
  const terms = parcelTerms(rule.metric, view, ctx);
  if (!terms) return null;
  const { ids, num, den } = terms;
  let n = 0;
  let d = 0;
  for (let j = 0; j < ids.length; j++) {
    n += num[j];
    d += den[j];
  }
  const value = terms.value(n, d);
  const rows = ids.map((i, j) => {
    const without = terms.value(n - num[j], d - den[j]);
    return { i, contribution: value === null || without === null ? null : value - without };
  });
  rows.sort((a, b) => Math.abs(b.contribution ?? 0) - Math.abs(a.contribution ?? 0));
  return {
    level: 'parcel',
    total: rows.length,
    rows: rows.slice(0, max).map(({ i, contribution }) => {
      const parcel = ctx.city.parcels[i];
      return { key: parcel.id, name: parcel.properties.name ?? parcel.id, value: contribution, threshold: null, status: null, layer: 'parcels', featureIds: [parcel.id] };
    }),
  };
}

/** One result broken down into the places below it; null when there is no such result. */
export function breakdown(live: LiveCity, pack: PolicyPack, ruleId: string, scope: string, lang: Lang, maxParcels: number): Breakdown | null {
  const found = live.result(pack, ruleId, scope, lang);
  if (!found || !found.view) return found ? { kind: 'breakdown', unit: found.result.unit, levels: [] } : null;
  const { rule, view } = found;
  const ctx = live.context(pack);
  const { city, facts } = live;
  const levels: PlaceLevel[] = [];
  const parks = (accept: (k: number) => boolean): void => {
    const rows = city.parks.flatMap((_, k) => (accept(k) ? [placeRow(rule, 'park', parkView(live, k), ctx, lang)] : []));
    levels.push(level('park', rows));
  };
  switch (rule.scope.each) {
    case 'city': {
      const admin: PlaceRow[] = [];
      const zones: PlaceRow[] = [];
      city.districts.forEach((district, d) => {
        const kind: PlaceKind = district.properties.kind === 'national-zone' ? 'zone' : 'district';
        (kind === 'zone' ? zones : admin).push(placeRow(rule, kind, districtView(live, d), ctx, lang));
      });
      levels.push(level('district', admin), level('zone', zones));
      parks(() => true);
      break;
    }
    case 'district': {
      const d = city.districts.findIndex((x) => x.id === view.key);
      parks((k) => facts.parkInDistrict(k, d));
      break;
    }
    case 'tier':
      parks((k) => city.parks[k].properties.tier === view.tier);
      break;
    case 'park':
      break;
  }
  const parcels = parcelLevel(rule, view, ctx, maxParcels);
  if (parcels) levels.push(parcels);
  return { kind: 'breakdown', unit: rule.unit, levels };
}
