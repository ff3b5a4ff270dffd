// Figures the way a planner reads them: shares as percentages, areas in 平方公里 to
// 0.01, counts whole with 个, money per 亩 or per 平方公里; targets with ≥ > ≤ < ≈.
import type { Comparison, Unit } from '../domain/policy/pack';
import type { Lang, MessageKey, Translate } from './i18n';

/** Decimals shown per unit (fixed, so a column of figures lines up). */
const DIGITS: Readonly<Record<Unit, number>> = {
  km2: 2,
  ratio: 2,
  count: 0,
  'wan-yuan-per-mu': 2,
  'yi-yuan-per-km2': 2,
  'wan-yuan': 0,
  yuan: 0,
};

const UNIT_KEYS: Readonly<Record<Unit, MessageKey>> = {
  km2: 'unit.km2',
  ratio: 'unit.ratio',
  count: 'unit.count',
  'wan-yuan-per-mu': 'unit.wan-yuan-per-mu',
  'yi-yuan-per-km2': 'unit.yi-yuan-per-km2',
  'wan-yuan': 'unit.wan-yuan',
  yuan: 'unit.yuan',
};

const OPERATORS: Readonly<Record<Comparison, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', approx: '≈' };

const formatters = new Map<string, Intl.NumberFormat>();

/** A number with exactly `digits` decimals, grouped the way `lang` groups thousands. */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  const key = `${lang}/${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, format);
  }
  return format.format(value);
}

/** A duration: whole milliseconds, "< 1" below one. */
export function formatMs(lang: Lang, ms: number): string {
  return ms < 1 ? '< 1' : formatNumber(lang, Math.round(ms));
}

export interface Formatter {
  /** a value with its unit: "367.00 平方公里", "86.50%", "58 个"; "—" for none */
  quantity(value: number | null, unit: Unit): string;
  /** a target: "≥ 380.00 平方公里"; "—" without a threshold */
  target(compare: Comparison | null, threshold: number | null, unit: Unit): string;
  /** a signed gap: "−13.00 平方公里", "+1.28 个百分点", "0" */
  gap(gap: number | null, unit: Unit): string;
  /** the sign of a comparison */
  operator(compare: Comparison): string;
}

export function formatter(t: Translate, lang: Lang): Formatter {
  const bare = (value: number, unit: Unit): string => formatNumber(lang, unit === 'ratio' ? value * 100 : value, DIGITS[unit]);
  const quantity = (value: number | null, unit: Unit): string =>
    value === null ? t('report.noValue') : t(UNIT_KEYS[unit], { n: bare(value, unit) });
  return {
    quantity,
    operator: (compare) => OPERATORS[compare],
    target: (compare, threshold, unit) =>
      compare === null || threshold === null ? t('report.noValue') : `${OPERATORS[compare]} ${quantity(threshold, unit)}`,
    gap: (gap, unit) => {
      if (gap === null) return t('report.noValue');
      const magnitude = bare(Math.abs(gap), unit);
      if (Number(magnitude.replace(/[^\d]/g, '')) === 0) return '0'; // rounds to zero at the shown precision
      const sign = gap > 0 ? '+' : '−';
      return sign + (unit === 'ratio' ? t('unit.percentagePoints', { n: magnitude }) : t(UNIT_KEYS[unit], { n: magnitude }));
    },
  };
}
