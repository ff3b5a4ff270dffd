// The rule results as a spreadsheet: one row per rule and scope, headers, units, statuses
// and reasons in the report's language, figures unrounded. UTF-8 with a BOM so that Excel
// opens the Chinese as Chinese.
import type { Lang } from '../domain/policy/evaluate';
import type { Comparison, Report, RuleStatus, Unit } from '../domain/policy/pack';
import { csvText } from './csv';

export const BOM = '\uFEFF';

export const RULE_STATUS_WORDS: Record<RuleStatus, Record<Lang, string>> = {
  pass: { zh: '达标', en: 'pass' },
  warn: { zh: '预警', en: 'warning' },
  fail: { zh: '未达标', en: 'fail' },
  'n/a': { zh: '不适用', en: 'n/a' },
};

/** Units as the CSV names them; shares stay 0–1 (the value is not scaled to percent). */
const UNIT_WORDS: Record<Unit, Record<Lang, string>> = {
  km2: { zh: '平方公里', en: 'km²' },
  ratio: { zh: '比例（0–1）', en: 'share (0–1)' },
  count: { zh: '个', en: 'count' },
  'wan-yuan-per-mu': { zh: '万元/亩', en: '10k yuan/mu' },
  'yi-yuan-per-km2': { zh: '亿元/平方公里', en: '100M yuan/km²' },
  'wan-yuan': { zh: '万元', en: '10k yuan' },
  yuan: { zh: '元', en: 'yuan' },
};

const COMPARE_WORDS: Record<Comparison, Record<Lang, string>> = {
  '>=': { zh: '≥', en: '≥' },
  '>': { zh: '>', en: '>' },
  '<=': { zh: '≤', en: '≤' },
  '<': { zh: '<', en: '<' },
  approx: { zh: '约等于', en: 'about' },
};

const HEADER: Record<Lang, string[]> = {
  zh: ['政策包', '规则', '范围', '范围名称', '指标', '条款', '数值', '单位', '比较', '目标值', '差距', '状态', '说明'],
  en: ['pack', 'rule', 'scope', 'scope name', 'title', 'clause', 'value', 'unit', 'comparison', 'threshold', 'gap', 'status', 'reason'],
};

/** The first column names the pack with its version (e.g. "wuhan-2025 2025-draft-1"). */
export function rulesCsv(report: Report, lang: Lang): string {
  const pack = `${report.policy} ${report.version}`;
  const rows = report.rules.map((r) => [
    pack,
    r.id,
    r.scope,
    r.scopeName,
    r.title,
    r.clause,
    r.value,
    UNIT_WORDS[r.unit][lang],
    r.compare === null ? '' : COMPARE_WORDS[r.compare][lang],
    r.threshold,
    r.gap,
    RULE_STATUS_WORDS[r.status][lang],
    r.reason ?? '',
  ]);
  return BOM + csvText([HEADER[lang], ...rows]);
}
