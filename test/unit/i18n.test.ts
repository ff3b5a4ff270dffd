import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { zhCN } from '../../src/app/i18n/zh-CN';
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
    expect(translate('en', 'report.summary', { total: 4, pass: 1, warn: 1, fail: 1, na: 1 })).toBe(
      '4 rules: 1 pass, 1 warning, 1 fail, 1 n/a',
    );
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
