// A price table from CSV: one row per land grade, "grade,price" (元/m²) or "等别,价格",
// with a header and an optional 备注/note column. Every problem is collected with its line
// (the spreadsheet's row number), so a planner fixes the file once, not once per error.
import { checkPriceTable, PriceTableError, type GradePrice, type PriceTable } from '../domain/pricing/priceTable';
import { FormatError } from './formats/source';
import { parseCsv } from './csvParse';

export interface PriceCsvProblem {
  /** 1-based line of the file (the header is line 1); null for the whole file */
  line: number | null;
  /** the grade the line is about, when known */
  grade: number | null;
  /** the cell as written, when the problem is a cell */
  value: string | null;
  /** what is wrong and what to do, English and Chinese */
  message: string;
  messageZh: string;
}

export class PriceTableCsvError extends PriceTableError {
  constructor(
    readonly problems: PriceCsvProblem[],
    readonly fileName: string,
  ) {
    super(`${fileName}: ${problems.length} problem(s): ${problems.map((p) => (p.line !== null ? `line ${p.line}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'PriceTableCsvError';
  }
}

export interface PriceCsvRead {
  grades: GradePrice[];
  /** 备注 per grade, where the file has one */
  notes: Record<number, string>;
  encoding: 'utf-8' | 'gb18030';
  /** things that are allowed but worth a look (a lower grade priced above a higher one) */
  warnings: PriceCsvProblem[];
}

const GRADE_HEADERS = ['grade', '等别', '土地等别', '等级'];
const PRICE_HEADERS = ['price', '价格', '单价', '基准地价', '最低价', 'yuan_per_m2'];
const NOTE_HEADERS = ['note', 'notes', 'comment', '备注', '说明'];

/** "价格（元/㎡）" → "价格": units in brackets and spaces do not name the column. */
const headerKey = (cell: string): string => cell.replace(/[(（][^)）]*[)）]/g, '').replace(/\s+/g, '').toLowerCase();

const problem = (line: number | null, grade: number | null, value: string | null, message: string, messageZh: string): PriceCsvProblem => ({ line, grade, value, message, messageZh });

/**
 * Text from a file's bytes: UTF-8 (with or without BOM); a file that is not valid UTF-8 is
 * read as GB18030 (GBK, what Excel on Chinese Windows writes) when it decodes cleanly as
 * that, and refused otherwise.
 */
export function decodePriceCsv(bytes: Uint8Array, fileName = 'CSV'): { text: string; encoding: PriceCsvRead['encoding'] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try the Chinese legacy encoding before giving up
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
  } catch {
    throw new PriceTableCsvError(
      [problem(null, null, null, 'the file is neither UTF-8 nor GBK/GB18030 text: save it from the spreadsheet as "CSV UTF-8 (comma delimited)"', '文件既不是 UTF-8 也不是 GBK/GB18030 文本：请在表格软件中另存为“CSV UTF-8（逗号分隔）”')],
      fileName,
    );
  }
}

/** A grade cell: "7", "第7等", "7等". */
function gradeOf(cell: string): number | null {
  const m = /^(?:第)?\s*(\d+)\s*(?:等)?$/.exec(cell);
  return m ? Number(m[1]) : null;
}

/** Reads and checks the rows; throws PriceTableCsvError listing every problem. */
export function readPriceTableCsv(input: string | Uint8Array, fileName = 'CSV'): PriceCsvRead {
  const { text, encoding } = typeof input === 'string' ? { text: input, encoding: 'utf-8' as const } : decodePriceCsv(input, fileName);
  const problems: PriceCsvProblem[] = [];
  const warnings: PriceCsvProblem[] = [];
  const fail = (): never => {
    throw new PriceTableCsvError(problems, fileName);
  };
  // Text that went through a wrong decoder (a GBK file read as UTF-8) carries U+FFFD.
  if (text.includes('\uFFFD')) {
    problems.push(problem(null, null, null, 'the text has undecodable characters (�): the file is probably GBK read as UTF-8; save it as "CSV UTF-8 (comma delimited)" or upload the file itself', '文本中有无法识别的字符（�）：文件可能是 GBK 编码却按 UTF-8 读取；请另存为“CSV UTF-8（逗号分隔）”，或直接上传原文件'));
    fail();
  }
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof FormatError) problems.push(problem(null, null, null, error.message, error.messageZh));
    else throw error;
    return fail();
  }
  const lineOf = (index: number): number => index + 1;
  const blank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');
  const headerIndex = records.findIndex((cells) => !blank(cells));
  if (headerIndex < 0) {
    problems.push(problem(null, null, null, 'the file is empty: write a header "grade,price" (or "等别,价格") and one line per grade 1–15', '文件为空：请写表头“等别,价格”（或 grade,price），每个等别 1–15 一行'));
    return fail();
  }
  const header = records[headerIndex].map((c) => c.trim());
  const keys = header.map(headerKey);
  const gradeCol = keys.findIndex((k) => GRADE_HEADERS.includes(k));
  const priceCol = keys.findIndex((k) => PRICE_HEADERS.includes(k));
  const noteCol = keys.findIndex((k) => NOTE_HEADERS.includes(k));
  if (gradeCol < 0 || priceCol < 0) {
    const delimiter = header.length === 1 && /[;\t]/.test(header[0]) ? ' The columns seem separated by ";" or tabs: use commas.' : '';
    const delimiterZh = header.length === 1 && /[;\t]/.test(header[0]) ? '列之间似乎用了分号或制表符：请用英文逗号分隔。' : '';
    problems.push(
      problem(
        lineOf(headerIndex),
        null,
        header.join(','),
        `the header must name a grade column (grade/等别) and a price column (price/价格, 元/m²), found: ${header.join(', ')}.${delimiter}`,
        `表头须有等别列（等别/grade）和价格列（价格/price，元/㎡），现为：${header.join('、')}。${delimiterZh}`,
      ),
    );
    return fail();
  }

  const grades: GradePrice[] = [];
  const notes: Record<number, string> = {};
  const lineOfGrade = new Map<number, number>();
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i];
    if (blank(cells)) continue;
    const line = lineOf(i);
    const gradeCell = (cells[gradeCol] ?? '').trim();
    const priceCell = (cells[priceCol] ?? '').trim();
    const grade = gradeOf(gradeCell);
    let ok = true;
    if (grade === null || grade < 1 || grade > 15) {
      ok = false;
      problems.push(
        gradeCell === ''
          ? problem(line, null, gradeCell, 'the grade is empty: write a land grade 1–15', '等别为空：请填写土地等别 1–15')
          : problem(line, null, gradeCell, `'${gradeCell}' is not a land grade: write a whole number 1–15`, `“${gradeCell}”不是土地等别：请填写 1–15 的整数`),
      );
    } else if (lineOfGrade.has(grade)) {
      ok = false;
      problems.push(problem(line, grade, gradeCell, `grade ${grade} appears twice (also on line ${lineOfGrade.get(grade)}): keep one line per grade`, `第${grade}等出现两次（另见第 ${lineOfGrade.get(grade)} 行）：每个等别只保留一行`));
    }
    // An unquoted "1,050" splits into two cells: the price then has a 3-digit neighbour.
    // (With a 备注 column after it, the pieces push the row past the header's width.)
    const extra = cells.length > header.length ? cells.slice(priceCol + 1, priceCol + 1 + cells.length - header.length).map((c) => c.trim()) : [];
    let price: number | null = null;
    if (priceCell === '') {
      problems.push(problem(line, grade, priceCell, `${grade !== null ? `grade ${grade}: ` : ''}the price is empty: write the price in 元/m²`, `${grade !== null ? `第${grade}等：` : ''}价格为空：请填写价格（元/㎡）`));
    } else if (/^\d{1,3}$/.test(priceCell) && extra.length > 0 && extra.every((c) => /^\d{3}(\.\d+)?$/.test(c))) {
      const written = [priceCell, ...extra].join(',');
      problems.push(
        problem(line, grade, written, `${grade !== null ? `grade ${grade}: ` : ''}the price ${written} has a thousands separator, which splits it into columns: write ${written.replace(/,/g, '')}`, `${grade !== null ? `第${grade}等：` : ''}价格 ${written} 含千位分隔符，被拆成了多列：请写作 ${written.replace(/,/g, '')}`),
      );
    } else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(priceCell)) {
      price = Number(priceCell.replace(/,/g, '')); // quoted "1,050": unambiguous, read as 1050
    } else if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(priceCell)) {
      price = Number(priceCell);
      if (!(price > 0)) {
        problems.push(problem(line, grade, priceCell, `${grade !== null ? `grade ${grade}: ` : ''}the price is ${priceCell}; prices are positive 元/m²`, `${grade !== null ? `第${grade}等：` : ''}价格为 ${priceCell}；价格须为正数（元/㎡）`));
        price = null;
      }
    } else {
      const hint = /元|万|\/|㎡|m2|m²/i.test(priceCell) ? ' without units (the column is 元/m²)' : '';
      const hintZh = /元|万|\/|㎡|m2|m²/i.test(priceCell) ? '，不带单位（本列单位为元/㎡）' : '';
      problems.push(
        problem(line, grade, priceCell, `${grade !== null ? `grade ${grade}: ` : ''}the price '${priceCell}' is not a number: write a positive number in 元/m²${hint}`, `${grade !== null ? `第${grade}等：` : ''}价格“${priceCell}”不是数字：请填写正数（元/㎡）${hintZh}`),
      );
    }
    if (ok && grade !== null) {
      lineOfGrade.set(grade, line);
      if (price !== null) grades.push({ grade, price, confirmed: true });
      const note = noteCol >= 0 ? (cells[noteCol] ?? '').trim() : '';
      if (note !== '') notes[grade] = note;
    }
  }
  for (let grade = 1; grade <= 15; grade++)
    if (!lineOfGrade.has(grade)) problems.push(problem(null, grade, null, `grade ${grade} is missing: a table lists every grade 1–15 once`, `缺少第${grade}等：价格表须列出 1–15 每个等别各一次`));
  if (problems.length > 0) fail();

  grades.sort((a, b) => a.grade - b.grade);
  for (let k = 1; k < grades.length; k++)
    if (grades[k].price > grades[k - 1].price)
      warnings.push(problem(lineOfGrade.get(grades[k].grade) ?? null, grades[k].grade, String(grades[k].price), `grade ${grades[k].grade} (${grades[k].price}) is priced above grade ${grades[k - 1].grade} (${grades[k - 1].price}); grade 1 is usually the dearest`, `第${grades[k].grade}等（${grades[k].price}）高于第${grades[k - 1].grade}等（${grades[k - 1].price}）；通常第1等最贵`));
  return { grades, notes, encoding, warnings };
}

export function priceTableFromCsv(input: string | Uint8Array, id: string, name: string): PriceTable {
  const { grades } = readPriceTableCsv(input, name);
  return checkPriceTable({ id, kind: 'benchmark', name: { zh: name, en: name }, source: name, version: `file:${name}`, unit: 'yuan-per-m2', placeholder: false, grades });
}
