import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { zhCN } from '../../src/app/i18n/zh-CN';
import { formatNumber, formatter } from '../../src/app/format';
import {
  catalogues,
  DEFAULT_LANG,
  getLang,
  interpolate,
  LANGS,
  setLang,
  t,
  translate,
  type MessageKey,
} from '../../src/app/i18n';

describe('message catalogues', () => {
  it('have identical key sets', () => {
    const zhKeys = Object.keys(zhCN).sort();
    expect(Object.keys(en).sort()).toEqual(zhKeys);
    for (const lang of LANGS) expect(Object.keys(catalogues[lang]).sort()).toEqual(zhKeys);
  });

  it('have no empty strings', () => {
    for (const lang of LANGS) {
      for (const [key, message] of Object.entries(catalogues[lang])) {
        expect(typeof message, `${lang} ${key}`).toBe('string');
        expect(message.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in every language', () => {
    const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('label the report statuses', () => {
    expect(['pass', 'warn', 'fail', 'n/a'].map((s) => translate('zh-CN', `report.status.${s}`))).toEqual([
      '达标',
      '预警',
      '未达标',
      '不适用',
    ]);
    expect(['pass', 'warn', 'fail', 'n/a'].map((s) => translate('en', `report.status.${s}`))).toEqual([
      'pass',
      'warning',
      'fail',
      'n/a',
    ]);
  });
});

describe('t', () => {
  it('defaults to Chinese', () => {
    expect(DEFAULT_LANG).toBe('zh-CN');
    expect(getLang()).toBe('zh-CN');
    expect(t('app.name')).toBe('园区图谱');
  });

  it('follows the current language', () => {
    setLang('en');
    try {
      expect(t('app.name')).toBe('ParkAtlas');
    } finally {
      setLang('zh-CN');
    }
    expect(t('app.name')).toBe('园区图谱');
  });

  it('interpolates {name} placeholders', () => {
    expect(t('report.error', { message: '超时' })).toBe('无法生成合规报告：超时');
    expect(translate('en', 'report.summary', { pass: 1, warn: 2, fail: 3, na: 4 })).toBe('1 pass, 2 warning, 3 fail, 4 n/a');
    expect(translate('zh-CN', 'report.summary', { pass: 1, warn: 2, fail: 3, na: 4 })).toBe('达标 1，预警 2，未达标 3，不适用 4');
    expect(interpolate('{a}+{a}={b}', { a: 1, b: 2 })).toBe('1+1=2');
  });

  it('leaves placeholders without a value untouched', () => {
    expect(t('report.error')).toBe('无法生成合规报告：{message}');
    expect(interpolate('{a} {b}', { a: 'x' })).toBe('x {b}');
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });

  it('falls back to the key itself for unknown keys', () => {
    expect(t('no.such.key' as MessageKey)).toBe('no.such.key');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(translate('zh-CN', 'toString')).toBe('toString');
    expect(translate('en', 'missing {x}', { x: 1 })).toBe('missing 1');
  });
});

describe('report figures', () => {
  const zh = formatter((key, params) => translate('zh-CN', key, params), 'zh-CN');
  const en = formatter((key, params) => translate('en', key, params), 'en');

  it('write every unit the way planners read it', () => {
    expect(zh.quantity(367.0012, 'km2')).toBe('367.00 平方公里');
    expect(zh.quantity(0.865, 'ratio')).toBe('86.50%');
    expect(zh.quantity(58, 'count')).toBe('58 个');
    expect(zh.quantity(39.2, 'wan-yuan-per-mu')).toBe('39.20 万元/亩');
    expect(zh.quantity(45.2, 'yi-yuan-per-km2')).toBe('45.20 亿元/平方公里');
    expect(zh.quantity(12345.6, 'wan-yuan')).toBe('12,346 万元');
    expect(zh.quantity(null, 'km2')).toBe('—');
    expect(en.quantity(367, 'km2')).toBe('367.00 km²');
    expect(en.quantity(58, 'count')).toBe('58');
  });

  it('write targets with their comparison and gaps with their sign', () => {
    expect(zh.target('>=', 380, 'km2')).toBe('≥ 380.00 平方公里');
    expect(zh.target('>', 0.8, 'ratio')).toBe('> 80.00%');
    expect(zh.target('<=', 0, 'count')).toBe('≤ 0 个');
    expect(zh.target('approx', 1, 'ratio')).toBe('≈ 100.00%');
    expect(zh.target(null, null, 'km2')).toBe('—');
    expect(zh.gap(-13.004, 'km2')).toBe('−13.00 平方公里');
    expect(zh.gap(-0.035, 'ratio')).toBe('−3.50 个百分点');
    expect(en.gap(0.0128, 'ratio')).toBe('+1.28 pp');
    expect(zh.gap(2, 'count')).toBe('+2 个');
    expect(zh.gap(0.0004, 'km2')).toBe('0');
    expect(zh.gap(null, 'km2')).toBe('—');
  });

  it('group thousands', () => {
    expect(formatNumber('zh-CN', 20854)).toBe('20,854');
    expect(formatNumber('en', 1948.4)).toBe('1,948');
    expect(formatNumber('en', 8.4168, 1)).toBe('8.4');
  });

  it('keep the number placeholder in every unit', () => {
    for (const lang of LANGS) {
      for (const [key, message] of Object.entries(catalogues[lang])) if (key.startsWith('unit.')) expect(message, `${lang} ${key}`).toContain('{n}');
    }
  });
});
