// The target line of a rule evaluated over several scopes. W25-4's tiers have 20, 30 and 50
// parks to reach: "≥ 20 / 30 / 50 个", each tier's figure in the evaluator's order (modern,
// specialty, urban) with the unit once; not a range, which reads as "anything from 20 to 50".
import type { Comparison, Unit } from '../../domain/policy/pack';
import type { Formatter } from '../format';
import type { MessageKey, Translate } from '../i18n';
import type { ReportRow, ScopeKind } from '../worker/messages';

const UNIT_KEYS: Readonly<Record<Unit, MessageKey>> = {
  km2: 'unit.km2',
  ratio: 'unit.ratio',
  count: 'unit.count',
  'wan-yuan-per-mu': 'unit.wan-yuan-per-mu',
  'yi-yuan-per-km2': 'unit.yi-yuan-per-km2',
  'wan-yuan': 'unit.wan-yuan',
  yuan: 'unit.yuan',
};

/** More distinct targets than this read better as a range (thresholds differ by tier or district kind: 3 at most today). */
const MAX_LISTED = 4;

type Target = Pick<ReportRow, 'threshold' | 'compare' | 'unit'>;

/** Several figures of one unit with the unit written once: "20 / 30 / 50 个", "80.00 / 90.00 / 75.00%". */
function figures(values: readonly number[], unit: Unit, f: Formatter, t: Translate): string {
  const marker = '\u0000';
  const [before = '', after = ''] = t(UNIT_KEYS[unit], { n: marker }).split(marker);
  // the number as the formatter writes it, without the unit's words around it
  const bare = (value: number): string => {
    const text = f.quantity(value, unit);
    return text.slice(before.length, text.length - after.length);
  };
  return `${before}${values.map(bare).join(t('dashboard.card.targetSeparator'))}${after}`;
}

export function groupTarget(rows: readonly Target[], scopeKind: ScopeKind, f: Formatter, t: Translate): string {
  const targets = rows.filter((row): row is Target & { threshold: number; compare: Comparison } => row.threshold !== null && row.compare !== null);
  if (targets.length === 0) return t('report.noValue');
  const first = targets[0];
  const distinct = targets.filter((row, i) => targets.findIndex((other) => other.threshold === row.threshold && other.compare === row.compare) === i);
  if (distinct.length === 1) return f.target(first.compare, first.threshold, first.unit);
  // city-wide sub-figures (W25-6: parks ≥ 1000亿, parks ≥ 100亿) have unrelated targets
  if (scopeKind === 'city') return t('dashboard.card.perRow');
  const sameOperator = distinct.every((row) => row.compare === first.compare);
  if (distinct.length <= MAX_LISTED) {
    return sameOperator
      ? `${f.operator(first.compare)} ${figures(
          distinct.map((row) => row.threshold),
          first.unit,
          f,
          t,
        )}`
      : distinct.map((row) => f.target(row.compare, row.threshold, row.unit)).join(t('dashboard.card.targetSeparator'));
  }
  const thresholds = targets.map((row) => row.threshold);
  const range = t('dashboard.card.varies', { low: f.quantity(Math.min(...thresholds), first.unit), high: f.quantity(Math.max(...thresholds), first.unit) });
  return sameOperator ? `${f.operator(first.compare)} ${range}` : range;
}
