// CSV as spreadsheets write it (RFC 4180): quoted values may hold commas, quotes ("") and
// line breaks; CRLF, LF or CR line ends; a UTF-8 BOM (Excel's "CSV UTF-8") is skipped.
import { FormatError } from './formats/source';

/**
 * The records of a CSV text, lazily, one string per cell. The n-th record yielded is the
 * spreadsheet's row n (a blank line is a record of one empty cell), so callers can count rows.
 */
export function* csvRecords(text: string): Generator<string[]> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 0;
  while (i < n) {
    row++;
    const cells: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        let cell = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new FormatError(
              `row ${row}, column ${cells.length + 1}: a quoted value is never closed (a missing ")`,
              `第 ${row} 行第 ${cells.length + 1} 列：带引号的值没有结束引号（缺少 "）`,
            );
          }
          cell += text.slice(i, q);
          i = q + 1;
          if (text[i] !== '"') break;
          cell += '"';
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          throw new FormatError(
            `row ${row}, column ${cells.length + 1}: text after the closing quote; a quote inside a quoted value must be doubled ("")`,
            `第 ${row} 行第 ${cells.length + 1} 列：结束引号后还有文字；带引号的值中的引号须写成两个（""）`,
          );
        }
        cells.push(cell);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
          j++;
        }
        cells.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        if (i < n) continue;
        cells.push(''); // "a,b," at the very end: the last cell is empty
        break;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      break;
    }
    yield cells;
  }
}

/** All records at once (for small files and tests). */
export function parseCsv(text: string): string[][] {
  return [...csvRecords(text)];
}
