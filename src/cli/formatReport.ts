// The report as a terminal table (Chinese by default), JSON (the scripting contract) or CSV.
import type { Report, RuleResult, RuleStatus, Unit } from '../domain/policy/pack';
import type { Lang } from '../domain/policy/evaluate';

const STATUS: Record<RuleStatus, Record<Lang, string>> = {
  pass: { zh: '达标', en: 'pass' },
  warn: { zh: '预警', en: 'warning' },
  fail: { zh: '未达标', en: 'fail' },
  'n/a': { zh: '不适用', en: 'n/a' },
};

const UNITS: Record<Unit, Record<Lang, string>> = {
  km2: { zh: '平方公里', en: 'km²' },
  ratio: { zh: '%', en: '%' },
  count: { zh: '个', en: '' },
  'wan-yuan-per-mu': { zh: '万元/亩', en: '10k yuan/mu' },
  'yi-yuan-per-km2': { zh: '亿元/平方公里', en: '100M yuan/km²' },
  'wan-yuan': { zh: '万元', en: '10k yuan' },
  yuan: { zh: '元', en: 'yuan' },
};

const HEADERS: Record<Lang, string[]> = {
  zh: ['规则', '范围', '指标', '数值', '目标', '差距', '状态'],
  en: ['rule', 'scope', 'indicator', 'value', 'target', 'gap', 'status'],
};

/** A figure for people: shares as percentages, areas to 0.01 km², counts whole. */
export function displayValue(value: number | null, unit: Unit, lang: Lang): string {
  if (value === null) return '—';
  const u = UNITS[unit][lang];
  if (unit === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'count') return `${value}${u ? ` ${u}` : ''}`;
  const digits = unit === 'km2' ? 2 : unit === 'wan-yuan' || unit === 'yuan' ? 0 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${u}`;
}

function displayTarget(r: RuleResult, lang: Lang): string {
  if (r.threshold === null || r.compare === null) return '—';
  const op = r.compare === 'approx' ? '≈' : r.compare === '>=' ? '≥' : r.compare === '<=' ? '≤' : r.compare;
  return `${op} ${displayValue(r.threshold, r.unit, lang)}`;
}

function displayGap(r: RuleResult, lang: Lang): string {
  if (r.gap === null) return '—';
  const text = displayValue(Math.abs(r.gap), r.unit, lang);
  return r.gap === 0 ? '0' : `${r.gap > 0 ? '+' : '−'}${text}`;
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

export function reportTable(report: Report, lang: Lang): string {
  const rows = report.rules.map((r) => [r.id, r.scopeName, r.title, displayValue(r.value, r.unit, lang), displayTarget(r, lang), displayGap(r, lang), STATUS[r.status][lang]]);
  const all = [HEADERS[lang], ...rows];
  const widths = HEADERS[lang].map((_, c) => Math.max(...all.map((row) => displayWidth(row[c]))));
  const line = (row: string[]): string => row.map((cell, c) => pad(cell, widths[c])).join('  ').trimEnd();
  const counts = (['pass', 'warn', 'fail', 'n/a'] as RuleStatus[]).map((s) => `${STATUS[s][lang]} ${report.rules.filter((r) => r.status === s).length}`).join(lang === 'zh' ? '，' : ', ');
  const notes = report.rules.filter((r) => r.reason).map((r) => `  ${r.id} ${r.scopeName}: ${r.reason}`);
  // Above the table: a reader must know the figures rest on it before reading them.
  const assumed = (report.assumptions ?? []).map((a) => `${lang === 'zh' ? '假定：' : 'Assumed: '}${a.text}`);
  return [
    `${report.title} (${report.policy} ${report.version})`,
    ...assumed,
    '',
    line(HEADERS[lang]),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    '',
    counts,
    ...(notes.length ? ['', lang === 'zh' ? '说明：' : 'Notes:', ...notes] : []),
  ].join('\n');
}

