// The price-table CSV reader: the files planners write (Excel's UTF-8 with BOM, GBK from
// Chinese Windows, Chinese headers with units), and every problem named with its line.
import { describe, expect, it } from 'vitest';
import { decodePriceCsv, priceTableFromCsv, PriceTableCsvError, readPriceTableCsv, type PriceCsvProblem } from '../../src/io/priceTableCsv';

const NATIONAL = [840, 720, 600, 480, 384, 336, 288, 252, 204, 168, 144, 120, 96, 84, 60];
const lines = (header: string, price = (g: number) => String(NATIONAL[g - 1])): string[] => [header, ...NATIONAL.map((_, i) => `${i + 1},${price(i + 1)}`)];

function problemsOf(input: string | Uint8Array): PriceCsvProblem[] {
  try {
    readPriceTableCsv(input, 't.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(PriceTableCsvError);
    return (error as PriceTableCsvError).problems;
  }
  throw new Error('expected the CSV to be refused');
}

/** GBK bytes of a text (Node has no GBK encoder): the few Chinese characters the tests use. */
const GBK: Record<string, number[]> = { 等: [0xb5, 0xc8], 别: [0xb1, 0xf0], 价: [0xbc, 0xdb], 格: [0xb8, 0xf1] };
const gbk = (text: string): Uint8Array => Uint8Array.from([...text].flatMap((c) => GBK[c] ?? [c.charCodeAt(0)]));

describe('reading a price table CSV', () => {
  it('reads Chinese headers with units, a BOM, CRLF, a 备注 column and "第N等"', () => {
    const csv = '\uFEFF等别,价格（元/㎡）,备注\r\n' + NATIONAL.map((p, i) => `第${i + 1}等,${p},${i === 0 ? '核实' : ''}`).join('\r\n') + '\r\n';
    const read = readPriceTableCsv(csv);
    expect(read.grades.map((g) => g.price)).toEqual(NATIONAL);
    expect(read.grades.every((g) => g.confirmed)).toBe(true);
    expect(read.notes).toEqual({ 1: '核实' });
    expect(read.warnings).toEqual([]);
  });

  it('reads UTF-8 bytes with a BOM and GBK bytes (Excel on Chinese Windows)', () => {
    const text = lines('等别,价格').join('\n');
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodePriceCsv(utf8).encoding).toBe('utf-8');
    expect(readPriceTableCsv(utf8).grades[14]).toEqual({ grade: 15, price: 60, confirmed: true });
    const fromGbk = readPriceTableCsv(gbk(text));
    expect(fromGbk.encoding).toBe('gb18030');
    expect(fromGbk.grades.map((g) => g.price)).toEqual(NATIONAL);
  });

  it('refuses bytes that are neither UTF-8 nor GBK, and text that was mis-decoded', () => {
    const [bad] = problemsOf(new Uint8Array([0x67, 0x72, 0x61, 0x64, 0x65, 0xff, 0xff, 0xff]));
    expect(bad.message).toMatch(/neither UTF-8 nor GBK/);
    expect(bad.messageZh).toMatch(/CSV UTF-8/);
    const [mangled] = problemsOf(new TextDecoder('utf-8').decode(gbk(lines('等别,价格').join('\n'))));
    expect(mangled.message).toMatch(/GBK read as UTF-8/);
  });

  it('lists every problem with its line and grade, not just the first', () => {
    const rows = lines('grade,price,note');
    rows[3] = '3,600元';
    rows[5] = '5,-384';
    rows[8] = '7,288'; // line 9: grade 7 again; grade 8 is then missing
    rows[10] = 'ten,168';
    rows[12] = '12,';
    const found = problemsOf(rows.join('\n'));
    const summary = found.map((p) => [p.line, p.grade]);
    expect(summary).toEqual([
      [4, 3],
      [6, 5],
      [9, 7],
      [11, null],
      [13, 12],
      [null, 8],
      [null, 10],
    ]);
    expect(found[0].message).toMatch(/'600元' is not a number.*without units/);
    expect(found[1].message).toMatch(/grade 5: the price is -384; prices are positive/);
    expect(found[2].message).toMatch(/grade 7 appears twice \(also on line 8\)/);
    expect(found[2].messageZh).toContain('第7等出现两次');
    expect(found[3].message).toMatch(/'ten' is not a land grade/);
    expect(found[4].message).toMatch(/grade 12: the price is empty/);
    expect(found[5].message).toMatch(/grade 8 is missing/);
  });

  it('refuses an unquoted thousands separator and reads a quoted one', () => {
    const unquoted = lines('grade,price', (g) => (g === 1 ? '1,050' : String(NATIONAL[g - 1])));
    const [p] = problemsOf(unquoted.join('\n'));
    expect(p).toMatchObject({ line: 2, grade: 1, value: '1,050' });
    expect(p.message).toMatch(/thousands separator.*write 1050/);
    const quoted = lines('grade,price', (g) => (g === 1 ? '"1,050"' : String(NATIONAL[g - 1])));
    expect(readPriceTableCsv(quoted.join('\n')).grades[0].price).toBe(1050);
    // With a 备注 column after the price, the pieces push the row one cell too wide.
    const withNote = lines('grade,price,备注').map((l, i) => (i === 0 ? l : `${l},`));
    withNote[3] = '3,1,200,';
    expect(problemsOf(withNote.join('\n'))[0]).toMatchObject({ line: 4, grade: 3, value: '1,200' });
  });

  it('names the header it found, and says when columns are not comma-separated', () => {
    const [p] = problemsOf('等级;价格\n1;840');
    expect(p.line).toBe(1);
    expect(p.message).toMatch(/grade column.*use commas/);
    expect(problemsOf('')[0].message).toMatch(/empty/);
    expect(problemsOf('a,b\n1,2')[0].message).toMatch(/grade column \(grade\/等别\)/);
  });

  it('warns, without refusing, when a lower grade is priced above a higher one', () => {
    const rows = lines('grade,price', (g) => (g === 5 ? '500' : String(NATIONAL[g - 1])));
    const read = readPriceTableCsv(rows.join('\n'));
    expect(read.warnings.map((w) => [w.line, w.grade])).toEqual([[6, 5]]);
  });

  it('makes a checked table (the CLI --prices path)', () => {
    const t = priceTableFromCsv(lines('grade,price').join('\n'), 'national-minimum-2006', 'cq.csv');
    expect(t).toMatchObject({ id: 'national-minimum-2006', placeholder: false, version: 'file:cq.csv' });
  });
});
