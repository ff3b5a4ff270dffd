import { describe, expect, it } from 'vitest';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { priceFloor } from '../../src/domain/pricing/priceFloor';
import { checkPriceTable, PriceTableError, type PriceTable } from '../../src/domain/pricing/priceTable';
import type { ParcelProps } from '../../src/domain/schema/kinds';
import { priceTableFromCsv } from '../../src/io/priceTableCsv';

const wuhan = SHIPPED_PACKS.get('wuhan-2025')!;
const chongqing = SHIPPED_PACKS.get('chongqing-2021')!;
const parcel = (p: Partial<ParcelProps>): ParcelProps => ({ landUse: '100102', grade: 7, ...p });

describe('W25-7: 70 % of the benchmark for priority projects more than half inside a park', () => {
  it('70 % when priority and more than half inside', () => {
    const f = priceFloor(parcel({ priorityIndustry: true }), 10_000, 0.6, wuhan, SHIPPED_PRICE_TABLES);
    expect(f).toMatchObject({ unitPrice: 360, factor: 0.7, table: 'wuhan-benchmark-placeholder', tableVersion: 'placeholder-1' });
    expect(f.yuan).toBeCloseTo(360 * 10_000 * 0.7, 6);
    expect(f.reason.zh).toContain('70%');
    expect(f.reason.zh).toContain('占位');
    expect(f.reason.en).toContain('(60 % inside parks)');
  });
  it('100 % at exactly half inside (more than half is required), or when not a priority project', () => {
    expect(priceFloor(parcel({ priorityIndustry: true }), 10_000, 0.5, wuhan, SHIPPED_PRICE_TABLES).factor).toBe(1);
    expect(priceFloor(parcel({ priorityIndustry: false }), 10_000, 1, wuhan, SHIPPED_PRICE_TABLES).factor).toBe(1);
    expect(priceFloor(parcel({}), 10_000, 1, wuhan, SHIPPED_PRICE_TABLES).yuan).toBeCloseTo(3_600_000, 6);
  });
  it('no floor for land that is not industrial, or without a grade', () => {
    const logistics = priceFloor(parcel({ landUse: '110101', priorityIndustry: true }), 10_000, 1, wuhan, SHIPPED_PRICE_TABLES);
    expect(logistics.yuan).toBeNull();
    expect(logistics.reason.zh).toContain('非工业用地');
    expect(priceFloor(parcel({ landUse: '100104' }), 10_000, 1, wuhan, SHIPPED_PRICE_TABLES).yuan).toBeNull();
    const noGrade = priceFloor(parcel({ grade: undefined }), 10_000, 1, wuhan, SHIPPED_PRICE_TABLES);
    expect(noGrade.yuan).toBeNull();
    expect(noGrade.reason.en).toContain('grade');
  });
});

describe('CQ-1 and CQ-2 on the national minimum', () => {
  it('CQ-1: 70 % of the national minimum for encouraged manufacturing inside a park', () => {
    const f = priceFloor(parcel({ grade: 1, encouragedManufacturing: true }), 1000, 1, chongqing, SHIPPED_PRICE_TABLES);
    expect(f).toMatchObject({ unitPrice: 840, factor: 0.7, table: 'national-minimum-2006' });
    expect(f.yuan).toBeCloseTo(840 * 1000 * 0.7, 6);
  });
  it('CQ-2: a standard factory is priced at FAR 1.0 whatever its planned FAR; others scale above 1', () => {
    const factory = priceFloor(parcel({ grade: 3, far: 2.4, standardFactory: true }), 1000, 0, chongqing, SHIPPED_PRICE_TABLES);
    expect(factory.yuan).toBeCloseTo(600 * 1000, 6);
    expect(factory.farFactor).toBe(1);
    expect(factory.reason.zh).toContain('标准厂房按容积率1');
    const ordinary = priceFloor(parcel({ grade: 3, far: 2.4 }), 1000, 0, chongqing, SHIPPED_PRICE_TABLES);
    expect(ordinary.yuan).toBeCloseTo(600 * 1000 * 2.4, 6);
  });
  it('grades 4–14 of the national table are marked to be confirmed', () => {
    const table = SHIPPED_PRICE_TABLES.get('national-minimum-2006')!;
    expect(table.grades.map((g) => g.price)).toEqual([840, 720, 600, 480, 384, 336, 288, 252, 204, 168, 144, 120, 96, 84, 60]);
    expect(table.grades.filter((g) => g.confirmed).map((g) => g.grade)).toEqual([1, 2, 3, 15]);
    expect(priceFloor(parcel({ grade: 5 }), 1, 0, chongqing, SHIPPED_PRICE_TABLES).reason.zh).toContain('待核实');
  });
});

describe('a city replaces the benchmark table', () => {
  const csv = ['grade,price', ...Array.from({ length: 15 }, (_, i) => `${i + 1},${1000 - i * 50}`)].join('\n');
  it('reads grade → price from CSV', () => {
    const t = priceTableFromCsv(csv, 'wuhan-benchmark-placeholder', 'wuhan-2026.csv');
    expect(t.placeholder).toBe(false);
    const tables = new Map(SHIPPED_PRICE_TABLES).set(t.id, t);
    const f = priceFloor(parcel({ grade: 2 }), 100, 0, wuhan, tables);
    expect(f.yuan).toBeCloseTo(950 * 100, 6);
    expect(f.tableVersion).toBe('file:wuhan-2026.csv');
  });
  it('refuses a table with a missing or repeated grade, or a bad price', () => {
    expect(() => priceTableFromCsv(csv.replace('\n7,700', ''), 'x', 'a.csv')).toThrow(/grade 7 is missing/);
    expect(() => priceTableFromCsv(csv.replace('7,700', '6,700'), 'x', 'a.csv')).toThrow(/grade 6 appears twice/);
    expect(() => priceTableFromCsv(csv.replace('7,700', '7,-1'), 'x', 'a.csv')).toThrow(PriceTableError);
    expect(() => priceTableFromCsv('a,b\n1,2', 'x', 'a.csv')).toThrow(/grade column/);
    const bad = { ...SHIPPED_PRICE_TABLES.get('national-minimum-2006')!, grades: [] } as PriceTable;
    expect(() => checkPriceTable(bad)).toThrow(/grade 1 is missing/);
  });
});
