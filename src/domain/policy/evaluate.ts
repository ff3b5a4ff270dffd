// The evaluator: every rule of a pack, over every scope it names, into results with a
// value, threshold, status, gap and the features behind the figure. The same code runs
// in the browser's worker, on the server and in the CLI.
import type { PriceTable } from '../pricing/priceTable';
import type { City } from '../schema/kinds';
import { reportAssumptions } from './assumptions';
import { CityFacts } from './facts';
import { measure, type Measured, type MetricContext } from './metrics';
import type { Bilingual, Comparison, PolicyPack, Report, Rule, RuleResult, RuleStatus } from './pack';
import { scopeViews, type ScopeView } from './scopes';

export type Lang = 'zh' | 'en';

export interface EvaluateOptions {
  lang?: Lang;
  tables?: ReadonlyMap<string, PriceTable>;
  /** the baseline snapshot for rules that compare against one (CQ-3) */
  baseline?: City;
  /** facts already computed for this city (shared with an export) */
  facts?: CityFacts;
}

const INFORMATIONAL: Bilingual = { zh: '条款未设定量目标，仅作统计', en: 'informational: the clause sets no figure to meet' };
const NO_SCOPE: Bilingual = { zh: '数据中没有该规则适用的范围', en: 'the data has no place this rule applies to' };

export function thresholdFor(rule: Rule, scope: ScopeView): number | null {
  const byTier = scope.tier ? rule.thresholdBy?.tier?.[scope.tier] : undefined;
  const byKind = scope.district ? rule.thresholdBy?.districtKind?.[scope.district.properties.kind] : undefined;
  return byTier ?? byKind ?? rule.threshold ?? null;
}

function compare(value: number, op: Comparison, threshold: number, tolerance: number): boolean {
  switch (op) {
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '<=': return value <= threshold;
    case '<': return value < threshold;
    case 'approx': return Math.abs(value - threshold) <= tolerance * Math.abs(threshold);
  }
}

/** pass / warn / fail: a pass within `warnWithin` of the threshold is a warning (预警). */
export function statusOf(value: number, op: Comparison, threshold: number, warnWithin = 0): RuleStatus {
  if (op === 'approx') {
    if (compare(value, op, threshold, warnWithin)) return 'pass';
    return compare(value, op, threshold, 2 * warnWithin) ? 'warn' : 'fail';
  }
  if (!compare(value, op, threshold, 0)) return 'fail';
  return warnWithin > 0 && Math.abs(value - threshold) <= warnWithin * Math.abs(threshold) ? 'warn' : 'pass';
}

/** A measured figure as a result: threshold, status, gap and reason. */
export function resultOf(rule: Rule, scope: ScopeView, m: Measured, lang: Lang): RuleResult {
  const threshold = thresholdFor(rule, scope);
  const op = rule.compare ?? null;
  const base = {
    id: rule.id,
    scope: scope.key,
    scopeName: scope.name[lang],
    title: rule.title[lang],
    clause: rule.clause,
    unit: rule.unit,
    compare: op,
    threshold,
    features: m.features,
  };
  if (m.value === null) return { ...base, value: null, status: 'n/a', gap: null, reason: (m.reason ?? INFORMATIONAL)[lang] };
  if (threshold === null || op === null) return { ...base, value: m.value, status: 'n/a', gap: null, reason: INFORMATIONAL[lang] };
  const status = m.failure ? 'fail' : statusOf(m.value, op, threshold, rule.warnWithin);
  return { ...base, value: m.value, status, gap: m.value - threshold, ...(m.failure ? { reason: m.failure[lang] } : {}) };
}

/** The context rules are measured in: the city, its facts, the pack, tables and baseline. */
export function metricContext(pack: PolicyPack, city: City, options: EvaluateOptions = {}): MetricContext {
  const facts = options.facts ?? new CityFacts(city);
  return { city, facts, pack, tables: options.tables ?? new Map(), baseline: options.baseline ? new CityFacts(options.baseline) : undefined };
}

/** One rule's results, one per scope (a single n/a result when the city has no such place). */
export function evaluateRule(rule: Rule, ctx: MetricContext, lang: Lang): RuleResult[] {
  const scopes = scopeViews(rule.scope, ctx.city, ctx.facts);
  if (scopes.length === 0) {
    return [{ id: rule.id, scope: rule.scope.each, scopeName: rule.scope.each, title: rule.title[lang], clause: rule.clause, value: null, unit: rule.unit, compare: rule.compare ?? null, threshold: rule.threshold ?? null, status: 'n/a', gap: null, reason: NO_SCOPE[lang], features: [] }];
  }
  return scopes.map((scope) => resultOf(rule, scope, measure(rule.metric, scope, ctx), lang));
}

export function evaluatePack(pack: PolicyPack, city: City, options: EvaluateOptions = {}): Report {
  const lang = options.lang ?? 'zh';
  const ctx = metricContext(pack, city, options);
  const rules: RuleResult[] = [];
  for (const rule of pack.rules) rules.push(...evaluateRule(rule, ctx, lang));
  return withAssumptions({ policy: pack.id, version: pack.version, title: pack.title[lang], rules }, city, lang);
}

/** The report with what its figures assume (reportAssumptions), when they assume anything. */
export function withAssumptions(report: Report, city: City, lang: Lang): Report {
  const assumptions = reportAssumptions(city, lang);
  return assumptions.length > 0 ? { ...report, assumptions } : report;
}
