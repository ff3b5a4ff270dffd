// A city that follows the editor: each diff patches the layers, measures again only what the
// changed features touch (a parcel edit costs that parcel's figures, not the city's), and
// rules that read none of the changed layers keep their results. Reports are the same as
// evaluatePack on the city built afresh (test/unit/liveCity.test.ts holds it to that).
import type { PriceTable } from '../pricing/priceTable';
import type { AreaFeature, City, LayerName } from '../schema/kinds';
import { LAYER_NAMES } from '../schema/kinds';
import { evaluateRule, withAssumptions, type Lang } from './evaluate';
import { CityFacts } from './facts';
import type { MetricContext } from './metrics';
import type { Metric, PolicyPack, Report, Rule, RuleResult } from './pack';
import { scopeViews, type ScopeView } from './scopes';

/** What changed in one layer: features added or replaced (already checked), ids removed. */
export interface LiveDiff {
  layer: LayerName;
  upserted: readonly AreaFeature<unknown>[];
  removed: readonly string[];
}

/** What a rule's results depend on besides the pack. */
export type RuleInput = LayerName | 'tables' | 'baseline';

const PARCEL_METRICS: ReadonlySet<Metric['kind']> = new Set(['parcelArea', 'parcelShare', 'areaWeightedMean', 'outputIntensity', 'revenueShareInParks', 'priceFloorBreaches', 'baselineChange', 'subsidy']);

/** The layers (and tables, baseline) a rule reads: its metric's, its filters' and its scope's. */
export function ruleInputs(rule: Rule): Set<RuleInput> {
  const inputs = new Set<RuleInput>();
  const m = rule.metric;
  if (PARCEL_METRICS.has(m.kind)) inputs.add('parcels');
  const filters = 'filter' in m && m.kind !== 'parkCount' && m.kind !== 'parkArea' ? [m.filter, ...(m.kind === 'parcelShare' ? [m.part] : [])] : [];
  if (filters.some((f) => 'within' in f && f.within !== undefined)) inputs.add('parks');
  switch (m.kind) {
    case 'priceFloorBreaches':
      // the floor's discount depends on the share inside parks
      inputs.add('tables').add('parks');
      break;
    case 'baselineChange':
      inputs.add('baseline');
      break;
    case 'revenueShareInParks':
      inputs.add('parks');
      break;
    case 'parkCount':
    case 'parkArea':
    case 'parkRatio':
      inputs.add('parks');
      break;
    case 'industryMatch':
      inputs.add('parks').add('districts');
      break;
    case 'zoneCount':
      inputs.add('zones');
      break;
  }
  if (rule.scope.each === 'district') inputs.add('districts').add('parks');
  if (rule.scope.each === 'tier' || rule.scope.each === 'park') inputs.add('parks');
  return inputs;
}

interface Cached {
  inputs: ReadonlySet<RuleInput>;
  results: RuleResult[];
}

/** The facts every pack needs, computed at once so the first report does not pay for them. */
function warm(facts: CityFacts): CityFacts {
  facts.parcelArea();
  facts.parkArea();
  facts.parkShare();
  facts.upgradeParkShare();
  facts.parcelPark();
  facts.parcelDistricts();
  facts.parkDistricts();
  facts.parkDistrict();
  return facts;
}

export class LiveCity {
  city: City;
  facts: CityFacts;
  private tables: ReadonlyMap<string, PriceTable>;
  private baselineCity: { id: string; facts: CityFacts } | null = null;
  /** feature index by id, per layer */
  private readonly index = {} as Record<LayerName, Map<string, number>>;
  /** rules measured by the last report() (the others came from the cache) */
  lastEvaluated = 0;
  /** results per pack, language and rule index */
  private readonly cache = new Map<string, Cached>();

  constructor(city: City, tables: ReadonlyMap<string, PriceTable> = new Map()) {
    this.city = { districts: [...city.districts], zones: [...city.zones], parks: [...city.parks], parcels: [...city.parcels] };
    this.facts = warm(new CityFacts(this.city));
    this.tables = tables;
    for (const layer of LAYER_NAMES) this.reindex(layer);
  }

  get baselineId(): string | null {
    return this.baselineCity?.id ?? null;
  }

  /** A feature by layer and id. */
  feature(layer: LayerName, id: string): AreaFeature<unknown> | undefined {
    const i = this.index[layer].get(id);
    return i === undefined ? undefined : (this.city[layer][i] as AreaFeature<unknown>);
  }

  indexOf(layer: LayerName, id: string): number | undefined {
    return this.index[layer].get(id);
  }

  /**
   * Applies the editor's changes, in order: in each layer, removed ids go, then upserted
   * features replace theirs in place or are appended (the order a Map of features keeps).
   * Returns the layers that changed.
   */
  apply(diffs: readonly LiveDiff[]): Set<LayerName> {
    const changed = new Set<LayerName>();
    const byLayer = new Map<LayerName, { upserted: AreaFeature<unknown>[]; removed: string[] }>();
    for (const d of diffs) {
      if (d.upserted.length === 0 && d.removed.length === 0) continue;
      const entry = byLayer.get(d.layer) ?? { upserted: [], removed: [] };
      // A later diff's removal drops an earlier diff's upsert of the same id.
      for (const id of d.removed) {
        entry.upserted = entry.upserted.filter((f) => f.id !== id);
        entry.removed.push(id);
      }
      for (const f of d.upserted) {
        const at = entry.upserted.findIndex((g) => g.id === f.id);
        if (at >= 0) entry.upserted[at] = f;
        else entry.upserted.push(f);
      }
      byLayer.set(d.layer, entry);
    }
    let from: Int32Array | null = null;
    for (const [layer, { upserted, removed }] of byLayer) {
      const moved = this.patch(layer, upserted, removed);
      changed.add(layer);
      if (layer === 'parcels') from = moved;
    }
    if (changed.size === 0) return changed;
    if (changed.size === 1 && from) {
      this.facts.parcelsChanged(from);
    } else {
      // Parks, districts and zones change what every parcel is measured against: start afresh.
      this.city = { ...this.city };
      this.facts = warm(new CityFacts(this.city));
    }
    this.forget((inputs) => [...changed].some((layer) => inputs.has(layer)));
    return changed;
  }

  /** The project's price tables (shipped ones replaced by the project's own, by id). */
  setTables(tables: ReadonlyMap<string, PriceTable>): void {
    this.tables = tables;
    this.forget((inputs) => inputs.has('tables'));
  }

  /** The snapshot rules like CQ-3 compare against; null: none. */
  setBaseline(baseline: { id: string; city: City } | null): void {
    this.baselineCity = baseline ? { id: baseline.id, facts: warm(new CityFacts(baseline.city)) } : null;
    this.forget((inputs) => inputs.has('baseline'));
  }

  currentTables(): ReadonlyMap<string, PriceTable> {
    return this.tables;
  }

  /** What metrics of a pack are measured in. */
  context(pack: PolicyPack): MetricContext {
    return { city: this.city, facts: this.facts, pack, tables: this.tables, baseline: this.baselineCity?.facts };
  }

  /** Every result of a pack, rules not touched by the changes since taken from the last time. */
  report(pack: PolicyPack, lang: Lang): Report {
    const ctx = this.context(pack);
    const rules: RuleResult[] = [];
    this.lastEvaluated = 0;
    pack.rules.forEach((rule, r) => {
      const key = `${pack.id}\u0000${pack.version}\u0000${lang}\u0000${r}`;
      let cached = this.cache.get(key);
      if (!cached) {
        this.cache.set(key, (cached = { inputs: ruleInputs(rule), results: evaluateRule(rule, ctx, lang) }));
        this.lastEvaluated++;
      }
      rules.push(...cached.results);
    });
    return withAssumptions({ policy: pack.id, version: pack.version, title: pack.title[lang], rules }, this.city, lang);
  }

  /** One result of a pack, with its rule and the place it was measured in. */
  result(pack: PolicyPack, ruleId: string, scope: string, lang: Lang): { rule: Rule; result: RuleResult; view: ScopeView | null } | null {
    const result = this.report(pack, lang).rules.find((r) => r.id === ruleId && r.scope === scope);
    const rule = pack.rules.find((r) => r.id === ruleId && scopeViews(r.scope, this.city, this.facts).some((v) => v.key === scope)) ?? pack.rules.find((r) => r.id === ruleId);
    if (!result || !rule) return null;
    const view = scopeViews(rule.scope, this.city, this.facts).find((v) => v.key === scope) ?? null;
    return { rule, result, view };
  }

  private forget(stale: (inputs: ReadonlySet<RuleInput>) => boolean): void {
    for (const [key, cached] of this.cache) if (stale(cached.inputs)) this.cache.delete(key);
  }

  private reindex(layer: LayerName): void {
    this.index[layer] = new Map(this.city[layer].map((f, i) => [f.id, i]));
  }

  /** Patches one layer; answers each feature's old index (−1: new or changed). */
  private patch(layer: LayerName, upserted: readonly AreaFeature<unknown>[], removed: readonly string[]): Int32Array {
    const old = this.city[layer] as AreaFeature<unknown>[];
    const index = this.index[layer];
    const gone = new Set(removed.filter((id) => index.has(id)));
    if (gone.size === 0) {
      // The usual edit: features replaced in place or appended; the index only grows.
      const next = old.slice();
      const from = new Int32Array(old.length + upserted.filter((f) => !index.has(f.id)).length);
      for (let i = 0; i < old.length; i++) from[i] = i;
      let end = old.length;
      for (const f of upserted) {
        const j = index.get(f.id);
        if (j !== undefined) {
          next[j] = f;
          from[j] = -1;
        } else {
          index.set(f.id, end);
          next.push(f);
          from[end++] = -1;
        }
      }
      (this.city as unknown as Record<LayerName, AreaFeature<unknown>[]>)[layer] = next;
      return from;
    }
    const kept: AreaFeature<unknown>[] = [];
    const from: number[] = [];
    old.forEach((f, i) => {
      if (gone.has(f.id)) return;
      kept.push(f);
      from.push(i);
    });
    const at = gone.size > 0 ? new Map(kept.map((f, j) => [f.id, j])) : index;
    for (const f of upserted) {
      // A removed id upserted again goes to the end, as in a Map deleted then set.
      const j = at.get(f.id);
      if (j !== undefined && !gone.has(f.id)) {
        kept[j] = f;
        from[j] = -1;
      } else {
        kept.push(f);
        from.push(-1);
      }
    }
    (this.city as unknown as Record<LayerName, AreaFeature<unknown>[]>)[layer] = kept;
    this.reindex(layer);
    return Int32Array.from(from);
  }
}
