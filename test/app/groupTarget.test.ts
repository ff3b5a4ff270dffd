// The target line of a rule card over several scopes (W25-4: 20 / 30 / 50 parks by tier).
import { describe, expect, it } from 'vitest';
import { groupTarget } from '../../src/app/dashboard/groupTarget';
import { formatter } from '../../src/app/format';
import { translate, type Lang, type MessageKey, type MessageParams } from '../../src/app/i18n';
import type { Comparison, Unit } from '../../src/domain/policy/pack';

const row = (threshold: number | null, unit: Unit = 'count', compare: Comparison | null = '>=') => ({ threshold, compare, unit });
const target = (lang: Lang, rows: ReturnType<typeof row>[], scopeKind: 'tier' | 'park' | 'district' | 'city' = 'tier'): string => {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  return groupTarget(rows, scopeKind, formatter(t, lang), t);
};

describe('the target of a rule over several scopes', () => {
  it('W25-4: each tier’s figure in order, the unit once, in both languages', () => {
    const w254 = [row(20), row(30), row(50)];
    expect(target('zh-CN', w254)).toBe('≥ 20 / 30 / 50 个');
    expect(target('en', w254)).toBe('≥ 20 / 30 / 50');
  });

  it('shares and money likewise; one shared target stays one figure', () => {
    expect(target('zh-CN', [row(0.8, 'ratio', '>'), row(0.9, 'ratio', '>'), row(0.8, 'ratio', '>'), row(0.75, 'ratio', '>')], 'park')).toBe('> 80.00 / 90.00 / 75.00%');
    expect(target('en', [row(35, 'wan-yuan-per-mu'), row(20, 'wan-yuan-per-mu')], 'district')).toBe('≥ 35.00 / 20.00 × 10⁴ yuan/mu');
    expect(target('zh-CN', [row(30, 'km2'), row(30, 'km2')], 'district')).toBe('≥ 30.00 平方公里');
    expect(target('zh-CN', [row(null, 'km2', null)], 'district')).toBe('—');
  });

  it('different comparisons each keep theirs; city-wide sub-figures point to their rows', () => {
    expect(target('zh-CN', [row(20), row(30, 'count', '>')])).toBe('≥ 20 个 / > 30 个');
    expect(target('zh-CN', [row(5, 'count', '>'), row(20, 'count', '>')], 'city')).toBe('目标见各分项');
  });
});
