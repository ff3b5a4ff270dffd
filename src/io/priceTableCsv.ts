// A price table from CSV: one row per land grade, "grade,price" (元/m²), with a header.
import { checkPriceTable, PriceTableError, type PriceTable } from '../domain/pricing/priceTable';

export function priceTableFromCsv(text: string, id: string, name: string): PriceTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const gradeCol = header.findIndex((h) => h === 'grade' || h === '等别');
  const priceCol = header.findIndex((h) => h === 'price' || h === '价格' || h === 'yuan_per_m2');
  if (gradeCol < 0 || priceCol < 0) throw new PriceTableError(`${name}: the header must name a grade column (grade/等别) and a price column (price/价格), found: ${header.join(', ')}`);
  const grades = lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const grade = Number(cells[gradeCol]);
    const price = Number(cells[priceCol]);
    if (!Number.isFinite(grade) || !Number.isFinite(price)) throw new PriceTableError(`${name} line ${i + 2}: '${line}' is not a grade and a price`);
    return { grade, price, confirmed: true };
  });
  return checkPriceTable({ id, kind: 'benchmark', name: { zh: name, en: name }, source: name, version: `file:${name}`, unit: 'yuan-per-m2', placeholder: false, grades });
}
