// The metrics a rule can measure, each over one scope. A metric returns its value and the
// features behind it, or no value and the reason (the data lacks the figures it needs).
import { fromSquareMetres } from '../units';
import type { PriceTable } from '../pricing/priceTable';
import type { City, ParcelProps, ParkProps } from '../schema/kinds';
import type { CityFacts } from './facts';
import { unionArea } from './facts';
import { parcelFilterFields, parkFilterFields, parkMatches } from './filters';
import type { Bilingual, Metric, ParcelFilter, PolicyPack } from './pack';
import type { ScopeView } from './scopes';

export interface MetricContext {
  city: City;
  facts: CityFacts;
  pack: PolicyPack;
  tables: ReadonlyMap<string, PriceTable>;
  baseline?: CityFacts;
  /** a parcel index measured as if it were not there (what a parcel contributes) */
  without?: number;
}

export interface Measured {
  value: number | null;
  features: string[];
  reason?: Bilingual;
  /** a fail the figure alone does not show (CQ-6: the number of characteristic industries) */
  failure?: Bilingual;
}

const FIELD_NAMES: Record<string, Bilingual> = {
  output: { zh: '产值（output）', en: 'output' },
  revenue: { zh: '营业收入（revenue）', en: 'revenue' },
  leadingRevenue: { zh: '主导产业营业收入（leadingRevenue）', en: 'leading-industry revenue (leadingRevenue)' },
  characteristicOutput: { zh: '特色产业产值（characteristicOutput）', en: 'characteristic-industry output (characteristicOutput)' },
  taxPerMu: { zh: '亩均税收（taxPerMu）', en: 'tax per mu (taxPerMu)' },
  salePrice: { zh: '成交价（salePrice）', en: 'recorded sale price (salePrice)' },
  supplyYear: { zh: '供地年份（supplyYear）', en: 'supply year (supplyYear)' },
  supplyMode: { zh: '供地方式（supplyMode）', en: 'supply mode (supplyMode)' },
  status: { zh: '地块状态（status）', en: 'parcel status (status)' },
  floorArea: { zh: '建筑面积（floorArea）', en: 'floor area (floorArea)' },
  leadingIndustries: { zh: '主导产业（leadingIndustries）', en: 'leading industries (leadingIndustries)' },
  upgradeTarget: { zh: '升级改造园区标记（upgradeTarget）', en: 'upgrade-park flag (upgradeTarget)' },
  designated: { zh: '产业名园标记（designated）', en: 'famous-park designation (designated)' },
  renovated: { zh: '“新两园”标记（renovated）', en: 'new/renovated flag (renovated)' },
  digitalEconomy: { zh: '数字经济园区标记（digitalEconomy）', en: 'digital-economy flag (digitalEconomy)' },
  priorityIndustry: { zh: '优先发展产业标记（priorityIndustry）', en: 'priority-industry flag (priorityIndustry)' },
  encouragedManufacturing: { zh: '鼓励类制造业标记（encouragedManufacturing）', en: 'encouraged-manufacturing flag (encouragedManufacturing)' },
  standardFactory: { zh: '标准厂房标记（standardFactory）', en: 'standard-factory flag (standardFactory)' },
  standardLand: { zh: '标准地标记（standardLand）', en: 'standard-land flag (standardLand)' },
  netLand: { zh: '净地标记（netLand）', en: 'net-land flag (netLand)' },
};

/** What to do when a whole layer lacks a field, where there is more to say than "add it". */
const FIXES: Record<string, Bilingual> = {
  status: {
    zh: '请为地块填写状态（如 producing 投产、planned 规划）；整层都没有状态时，可在导入时为图层指定默认状态，或在命令行加 --assume-status existing（视为现状）或 planned（视为规划），报告会注明这一假定',
    en: 'fill in each parcel’s status (e.g. producing, planned); for a layer with none, give it a default status on import, or run the CLI with --assume-status existing (taken as existing land) or planned, and the report says so',
  },
};

function missing(layer: 'parcels' | 'parks' | 'districts', field: string): Bilingual {
  const name = FIELD_NAMES[field] ?? { zh: field, en: field };
  const layerZh = { parcels: '地块', parks: '园区', districts: '区' }[layer];
  const fix = layer === 'parcels' ? FIXES[field] : undefined;
  return {
    zh: `数据中没有${layerZh}的${name.zh}，无法计算${fix ? `：${fix.zh}` : ''}`,
    en: `the data has no ${name.en} on ${layer}: cannot evaluate${fix ? `; ${fix.en}` : ''}`,
  };
}

const hasField = (rows: readonly { properties: object }[], field: string): boolean =>
  rows.some((r) => {
    const v = (r.properties as Record<string, unknown>)[field];
    return v !== undefined && v !== null;
  });

/** The first field the data lacks entirely, as a reason; undefined when all are present. */
function lacking(rows: readonly { properties: object }[], layer: 'parcels' | 'parks' | 'districts', fields: readonly string[]): Bilingual | undefined {
  const field = fields.find((f) => !hasField(rows, f));
  return field ? missing(layer, field) : undefined;
}

/** Calls `f` with each parcel index that can have area in the scope, ascending. */
export function forScopeParcels(ctx: MetricContext, scope: ScopeView, f: (i: number) => void): void {
  const list = scope.parcels;
  if (list) for (let j = 0; j < list.length; j++) f(list[j]);
  else for (let i = 0, n = ctx.city.parcels.length; i < n; i++) f(i);
}

/** The part of parcel i in the scope, m²: none for the parcel a contribution leaves out. */
export const inScopeArea = (ctx: MetricContext, scope: ScopeView, i: number): number => (i === ctx.without ? 0 : scope.parcelArea(i));

/** Σ over parcels of (area inside the scope × filter weight × f(parcel)), with the ids that count. */
function sumParcels(ctx: MetricContext, scope: ScopeView, filter: ParcelFilter, f: (p: ParcelProps, i: number) => number | undefined = () => 1, countZero = true) {
  let weighted = 0;
  let area = 0;
  const features: string[] = [];
  const weights = ctx.facts.weights(filter, ctx.pack);
  const parcels = ctx.city.parcels;
  forScopeParcels(ctx, scope, (i) => {
    const inScope = inScopeArea(ctx, scope, i);
    if (inScope <= 0) return;
    const w = weights[i];
    if (w <= 0) return;
    const x = f(parcels[i].properties, i);
    if (x === undefined) return;
    weighted += inScope * w * x;
    area += inScope * w;
    if (x !== 0 || countZero) features.push(parcels[i].id);
  });
  return { weighted, area, features };
}

function parksInScope(ctx: MetricContext, scope: ScopeView) {
  return ctx.city.parks.map((park, k) => ({ park, k })).filter(({ k }) => scope.hasPark(k));
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function measure(metric: Metric, scope: ScopeView, ctx: MetricContext): Measured {
  const { city } = ctx;
  switch (metric.kind) {
    case 'parcelArea': {
      const reason = lacking(city.parcels, 'parcels', parcelFilterFields(metric.filter));
      if (reason) return { value: null, features: [], reason };
      const s = sumParcels(ctx, scope, metric.filter);
      return { value: fromSquareMetres(s.area, 'km2'), features: s.features };
    }
    case 'parcelShare': {
      const reason = lacking(city.parcels, 'parcels', [...parcelFilterFields(metric.filter), ...parcelFilterFields(metric.part)]);
      if (reason) return { value: null, features: [], reason };
      const all = sumParcels(ctx, scope, metric.filter);
      const partWeights = ctx.facts.weights(metric.part, ctx.pack);
      const part = sumParcels(ctx, scope, metric.filter, (_, i) => partWeights[i], false);
      const value = ratio(part.weighted, all.area);
      return value === null
        ? { value, features: [], reason: { zh: '范围内没有符合条件的地块', en: 'no matching parcels in this scope' } }
        : { value, features: part.features };
    }
    case 'parkCount': {
      const reason = lacking(city.parks, 'parks', parkFilterFields(metric.filter));
      if (reason) return { value: null, features: [], reason };
      const parks = parksInScope(ctx, scope).filter(({ park }) => parkMatches(metric.filter, park));
      return { value: parks.length, features: parks.map(({ park }) => park.id) };
    }
    case 'parkArea': {
      const reason = lacking(city.parks, 'parks', parkFilterFields(metric.filter));
      if (reason) return { value: null, features: [], reason };
      const parks = parksInScope(ctx, scope).filter(({ park }) => parkMatches(metric.filter, park));
      return { value: fromSquareMetres(unionArea(parks.map(({ park }) => park.geometry)), 'km2'), features: parks.map(({ park }) => park.id) };
    }
    case 'parkRatio': {
      const park = scope.park;
      if (!park) return { value: null, features: [], reason: { zh: '该指标按园区计算', en: 'this metric is per park' } };
      const p: ParkProps = park.properties;
      const num = p[metric.numerator];
      const den = p[metric.denominator];
      if (num === undefined || den === undefined || den <= 0) {
        const field = num === undefined ? metric.numerator : metric.denominator;
        return { value: null, features: [park.id], reason: { zh: `园区缺少${FIELD_NAMES[field].zh}`, en: `the park has no ${FIELD_NAMES[field].en}` } };
      }
      const measured: Measured = { value: num / den, features: [park.id] };
      if (metric.industriesBetween) {
        const [lo, hi] = metric.industriesBetween;
        const n = p.characteristicIndustries?.length ?? 0;
        if (n < lo || n > hi) measured.failure = { zh: `特色产业${n}个，应为${lo}–${hi}个`, en: `${n} characteristic industries; ${lo}–${hi} required` };
      }
      return measured;
    }
    case 'areaWeightedMean': {
      const reason = lacking(city.parcels, 'parcels', [metric.field, ...parcelFilterFields(metric.filter)]);
      if (reason) return { value: null, features: [], reason };
      const s = sumParcels(ctx, scope, metric.filter, (p) => p[metric.field]);
      const value = ratio(s.weighted, s.area);
      return value === null ? { value, features: [], reason: { zh: '范围内没有带该数据的地块', en: 'no parcel in this scope has the figure' } } : { value, features: s.features };
    }
    case 'outputIntensity': {
      const reason = lacking(city.parcels, 'parcels', ['output', ...parcelFilterFields(metric.filter)]);
      if (reason) return { value: null, features: [], reason };
      // Σ output (万元/年) over Σ area: per m² → 亿元 (1e4 万元) per km² (1e6 m²).
      const s = sumParcels(ctx, scope, metric.filter, (p, i) => (p.output === undefined ? undefined : p.output / ctx.facts.parcelArea()[i]));
      const value = ratio(s.weighted, s.area);
      return value === null
        ? { value, features: [], reason: { zh: '范围内没有带产值的地块', en: 'no parcel in this scope has an output figure' } }
        : { value: (value * 1e6) / 1e4, features: s.features };
    }
    case 'revenueShareInParks': {
      const reason = lacking(city.parcels, 'parcels', ['revenue', ...parcelFilterFields(metric.filter)]);
      if (reason) return { value: null, features: [], reason };
      let all = 0;
      let inParks = 0;
      const features: string[] = [];
      const weights = ctx.facts.weights(metric.filter, ctx.pack);
      const areas = ctx.facts.parcelArea();
      const shares = ctx.facts.parkShare();
      forScopeParcels(ctx, scope, (i) => {
        const parcel = city.parcels[i];
        const rev = parcel.properties.revenue;
        const inScope = inScopeArea(ctx, scope, i);
        if (rev === undefined || inScope <= 0) return;
        const w = weights[i];
        if (w <= 0) return;
        const share = (inScope / areas[i]) * w;
        all += rev * share;
        inParks += rev * share * shares[i];
        if (shares[i] > 0) features.push(parcel.id);
      });
      return { value: ratio(inParks, all), features };
    }
    case 'zoneCount':
      return { value: city.zones.length, features: city.zones.map((z) => z.id) };
    case 'priceFloorBreaches': {
      if (!ctx.pack.pricing) return { value: null, features: [], reason: { zh: '政策包未定义地价规则', en: 'the pack defines no price-floor rule' } };
      const reason = lacking(city.parcels, 'parcels', ['salePrice', ...parcelFilterFields(metric.filter)]);
      if (reason) return { value: null, features: [], reason };
      const breaches: string[] = [];
      const weights = ctx.facts.weights(metric.filter, ctx.pack);
      const floors = ctx.facts.floors(ctx.pack, ctx.tables);
      forScopeParcels(ctx, scope, (i) => {
        const parcel = city.parcels[i];
        const sale = parcel.properties.salePrice;
        if (sale === undefined || inScopeArea(ctx, scope, i) <= 0 || weights[i] <= 0) return;
        // NaN where no floor applies: never a breach.
        if (sale < floors[i]) breaches.push(parcel.id);
      });
      return { value: breaches.length, features: breaches };
    }
    case 'baselineChange': {
      if (!ctx.baseline) return { value: null, features: [], reason: { zh: '未指定基准快照（--baseline）', en: 'no baseline snapshot given (--baseline)' } };
      const now = sumParcels(ctx, scope, metric.filter);
      const baseScope: ScopeView = { ...scope, parcelArea: (i) => (ctx.baseline as CityFacts).parcelArea()[i], parcels: null };
      const before = sumParcels({ ...ctx, city: ctx.baseline.city, facts: ctx.baseline, without: undefined }, baseScope, metric.filter);
      return { value: fromSquareMetres(now.area - before.area, 'km2'), features: now.features };
    }
    case 'industryMatch': {
      const reason = lacking(city.districts, 'districts', ['leadingIndustries']) ?? lacking(city.parks, 'parks', ['leadingIndustries']);
      if (reason) return { value: null, features: [], reason };
      const byId = new Map(city.districts.map((d) => [d.id, d.properties.leadingIndustries ?? []]));
      const parkDistrict = ctx.facts.parkDistrict();
      let checked = 0;
      const matching: string[] = [];
      parksInScope(ctx, scope).forEach(({ park, k }) => {
        const own = park.properties.leadingIndustries ?? [];
        const theirs = byId.get(parkDistrict[k] ?? '') ?? [];
        if (own.length === 0 || theirs.length === 0) return;
        checked++;
        if (own.some((x) => theirs.includes(x))) matching.push(park.id);
      });
      return { value: ratio(matching.length, checked), features: matching };
    }
    case 'subsidy': {
      const reason = lacking(city.parcels, 'parcels', ['floorArea', ...parcelFilterFields(metric.filter)]);
      if (reason) return { value: null, features: [], reason };
      const s = sumParcels(ctx, scope, metric.filter, (p, i) =>
        p.floorArea === undefined ? undefined : Math.min((metric.yuanPerM2 * p.floorArea) / 1e4, metric.capWanYuan) / ctx.facts.parcelArea()[i],
      );
      return { value: s.weighted, features: s.features };
    }
  }
}
