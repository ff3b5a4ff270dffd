// Well-known text (OGC/ISO, and PostGIS EWKT's SRID=n; prefix) → 2D GeoJSON. Only what
// parsing can know is checked here (syntax, coordinate counts); geometry validity comes later.
// Errors say what is wrong and where (1-based character), for the caller to prefix with row/column.
import type { Geometry, Position } from 'geojson';
import { FormatError } from './source';

export interface Ewkt {
  geometry: Geometry;
  /** from an EWKT SRID=n; prefix */
  srid?: number;
}

type TypeName = 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOINT' | 'MULTILINESTRING' | 'MULTIPOLYGON' | 'GEOMETRYCOLLECTION';
const TYPES: readonly TypeName[] = ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'];
const CURVED = ['CIRCULARSTRING', 'COMPOUNDCURVE', 'CURVEPOLYGON', 'MULTICURVE', 'MULTISURFACE', 'POLYHEDRALSURFACE', 'TIN', 'TRIANGLE'];
const EXCEL_CELL_LIMIT = 32767;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** deeper than any geometry (a GEOMETRYCOLLECTION of MULTIPOLYGONs is 4): bounds the parser's recursion */
const MAX_NESTING = 32;
const FULL_WIDTH: Record<string, string> = { '（': '(', '）': ')', '，': ',', '；': ';' };

interface Token {
  kind: '(' | ')' | ',' | 'word' | 'number' | 'end';
  text: string;
  /** 1-based character position */
  at: number;
}

/** Plain WKT; an EWKT SRID prefix is refused (read it with parseEwkt so the CRS is not lost). */
export function parseWkt(text: string): Geometry {
  const { geometry, srid } = parseEwkt(text);
  if (srid !== undefined) {
    throw new FormatError(`the WKT has an EWKT prefix SRID=${srid}; read it as EWKT to keep its CRS`, `该 WKT 带有 EWKT 前缀 SRID=${srid}，请按 EWKT 读取以保留坐标系`);
  }
  return geometry;
}

/** WKT, optionally with PostGIS's SRID=n; prefix. */
export function parseEwkt(text: string): Ewkt {
  const prefix = /^\s*SRID\s*=\s*([^;]*);/i.exec(text);
  let srid: number | undefined;
  if (prefix) {
    if (!/^\s*\d+\s*$/.test(prefix[1])) {
      throw new FormatError(`the EWKT prefix "SRID=${prefix[1]};" does not give a whole number`, `EWKT 前缀 “SRID=${prefix[1]};” 不是整数`);
    }
    srid = Number(prefix[1]);
  }
  const body = prefix ? text.slice(prefix[0].length) : text;
  const offset = prefix ? prefix[0].length : 0;
  checkParentheses(body, offset, text.length);
  const p = new Parser(tokenize(body, offset));
  const geometry = p.geometry();
  p.end();
  return srid === undefined ? { geometry } : { geometry, srid };
}

function checkParentheses(body: string, offset: number, totalLength: number): void {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '(') {
      if (++depth > MAX_NESTING) {
        throw new FormatError(
          `parentheses nest more than ${MAX_NESTING} deep at character ${offset + i + 1}; no geometry nests that deep, the text is damaged`,
          `第 ${offset + i + 1} 个字符处括号嵌套超过 ${MAX_NESTING} 层；几何不会嵌套这么深，文本已损坏`,
        );
      }
    } else if (c === ')' && --depth < 0) {
      throw new FormatError(`unbalanced parentheses: the ")" at character ${offset + i + 1} has no matching "("`, `括号不匹配：第 ${offset + i + 1} 个字符处的 “)” 没有对应的 “(”`);
    }
  }
  if (depth > 0) {
    const cut = totalLength >= EXCEL_CELL_LIMIT;
    throw new FormatError(
      `unbalanced parentheses: ${depth} "(" not closed${cut ? ` — the text is ${totalLength} characters, Excel cuts a cell at ${EXCEL_CELL_LIMIT}, so it was probably truncated` : ''}`,
      `括号不匹配：有 ${depth} 个 “(” 未闭合${cut ? `——该文本长 ${totalLength} 个字符，Excel 单元格最多 ${EXCEL_CELL_LIMIT} 个字符，很可能被截断` : ''}`,
    );
  }
}

function tokenize(s: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const at = offset + i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, at });
      i++;
    } else if (/[0-9+\-.]/.test(c)) {
      const m = /^[0-9A-Za-z+\-.]+/.exec(s.slice(i))![0];
      if (!NUMBER.test(m)) throw new FormatError(`"${m}" at character ${at} is not a number`, `第 ${at} 个字符处的 “${m}” 不是数字`);
      tokens.push({ kind: 'number', text: m, at });
      i += m.length;
    } else if (/[A-Za-z]/.test(c)) {
      const m = /^[A-Za-z_]+/.exec(s.slice(i))![0];
      tokens.push({ kind: 'word', text: m, at });
      i += m.length;
    } else if (FULL_WIDTH[c]) {
      throw new FormatError(`full-width "${c}" at character ${at}; WKT needs the ASCII "${FULL_WIDTH[c]}"`, `第 ${at} 个字符处是全角 “${c}”，WKT 须用半角 “${FULL_WIDTH[c]}”`);
    } else {
      throw new FormatError(`unexpected character "${c}" at character ${at}`, `第 ${at} 个字符处有无法识别的字符 “${c}”`);
    }
  }
  tokens.push({ kind: 'end', text: 'the end of the text', at: offset + s.length + 1 });
  return tokens;
}

class Parser {
  private i = 0;
  /** numbers per point: declared by Z/M/ZM or set by the first point */
  private dims: number | undefined;
  /** where dims was set, for the mismatch message */
  private dimsAt = 0;
  private dimsDeclared = false;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  /** `what` names the place in both languages, e.g. ['to close the POINT', '闭合 POINT'] */
  private expect(kind: Token['kind'], what: readonly [string, string]): Token {
    const t = this.next();
    if (t.kind !== kind) {
      const found = t.kind === 'end' ? t.text : `"${t.text}"`;
      const foundZh = t.kind === 'end' ? '文本结尾' : `“${t.text}”`;
      throw new FormatError(`expected "${kind}" ${what[0]} at character ${t.at}, found ${found}`, `第 ${t.at} 个字符处应为 “${kind}”（${what[1]}），实际为 ${foundZh}`);
    }
    return t;
  }

  end(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw new FormatError(`unexpected "${t.text}" after the geometry at character ${t.at}`, `几何之后第 ${t.at} 个字符处多出 “${t.text}”`);
  }

  geometry(): Geometry {
    const word = this.next();
    if (word.kind !== 'word') {
      const found = word.kind === 'end' ? 'nothing' : `"${word.text}"`;
      throw new FormatError(`expected a geometry type (POINT, POLYGON …) at character ${word.at}, found ${found}`, `第 ${word.at} 个字符处应为几何类型（POINT、POLYGON 等），实际为 ${found === 'nothing' ? '空' : found}`);
    }
    const { type, dims } = this.typeOf(word);
    // a collection's members each declare or infer their own dimension (inheriting a declared one)
    const saved = [this.dims, this.dimsAt, this.dimsDeclared] as const;
    if (dims !== undefined) [this.dims, this.dimsAt, this.dimsDeclared] = [dims, word.at, true];
    const next = this.peek();
    let g: Geometry;
    if (next.kind === 'word' && next.text.toUpperCase() === 'EMPTY') {
      this.next();
      g = empty(type);
    } else {
      g = this.body(type);
    }
    [this.dims, this.dimsAt, this.dimsDeclared] = saved;
    return g;
  }

  private typeOf(word: Token): { type: TypeName; dims: number | undefined } {
    const upper = word.text.toUpperCase();
    // ISO "POINT Z", and the attached "POINTZ"/"POINTM" some writers use
    const m = /^(.*?)(ZM|Z|M)?$/.exec(upper)!;
    const name = (TYPES as readonly string[]).includes(upper) ? upper : m[1];
    let suffix = (TYPES as readonly string[]).includes(upper) ? undefined : m[2];
    if (!(TYPES as readonly string[]).includes(name)) {
      if (CURVED.includes(name)) {
        throw new FormatError(
          `${word.text} (character ${word.at}) is a curved or surface type, which is not supported; convert it to lines/polygons first (ogr2ogr -nlt CONVERT_TO_LINEAR)`,
          `${word.text}（第 ${word.at} 个字符）是曲线或曲面类型，不支持；请先转为折线/多边形（ogr2ogr -nlt CONVERT_TO_LINEAR）`,
        );
      }
      throw new FormatError(
        `unknown geometry type "${word.text}" at character ${word.at} (expected POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION)`,
        `第 ${word.at} 个字符处的几何类型 “${word.text}” 无法识别（应为 POINT、LINESTRING、POLYGON、MULTIPOINT、MULTILINESTRING、MULTIPOLYGON 或 GEOMETRYCOLLECTION）`,
      );
    }
    const after = this.peek();
    if (suffix === undefined && after.kind === 'word' && /^(ZM|Z|M)$/i.test(after.text)) {
      suffix = this.next().text.toUpperCase();
    }
    const dims = suffix === 'ZM' ? 4 : suffix === 'Z' || suffix === 'M' ? 3 : undefined;
    return { type: name as TypeName, dims };
  }

  private body(type: TypeName): Geometry {
    switch (type) {
      case 'POINT': {
        this.expect('(', ['after POINT', 'POINT 之后']);
        const p = this.point();
        this.expect(')', ['to close the POINT', '闭合 POINT']);
        return { type: 'Point', coordinates: p };
      }
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.points('LINESTRING') };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: this.rings('POLYGON') };
      case 'MULTIPOINT':
        return { type: 'MultiPoint', coordinates: this.list('MULTIPOINT', () => this.multiPointMember()) };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: this.list('MULTILINESTRING', () => this.points('LINESTRING')) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: this.list('MULTIPOLYGON', () => this.rings('POLYGON')) };
      case 'GEOMETRYCOLLECTION':
        return { type: 'GeometryCollection', geometries: this.list('GEOMETRYCOLLECTION', () => this.geometry()) };
    }
  }

  /** "( item, item … )" */
  private list<T>(what: string, item: () => T): T[] {
    this.expect('(', [`to open the ${what}`, `${what} 的开头`]);
    const out = [item()];
    while (this.peek().kind === ',') {
      this.next();
      out.push(item());
    }
    this.expect(')', [`or "," in the ${what}`, `或 “,”，位于 ${what} 中`]);
    return out;
  }

  private points(what: string): Position[] {
    return this.list(what, () => this.point());
  }

  private rings(what: string): Position[][] {
    return this.list(what, () => this.points('ring'));
  }

  /** MULTIPOINT members come as "(1 2)" (ISO) or bare "1 2" (older writers) */
  private multiPointMember(): Position {
    if (this.peek().kind !== '(') return this.point();
    this.next();
    const p = this.point();
    this.expect(')', ['to close the MULTIPOINT member', '闭合 MULTIPOINT 的成员']);
    return p;
  }

  private point(): Position {
    const first = this.peek();
    const numbers: number[] = [];
    while (this.peek().kind === 'number') numbers.push(Number(this.next().text));
    const n = numbers.length;
    if (n === 0) {
      const found = first.kind === 'end' ? first.text : `"${first.text}"`;
      throw new FormatError(`expected a coordinate at character ${first.at}, found ${found}`, `第 ${first.at} 个字符处应为坐标，实际为 ${found}`);
    }
    if (n < 2) {
      throw new FormatError(
        `the point at character ${first.at} has 1 number; x and y are needed (a decimal comma? write 114.5, not 114,5)`,
        `第 ${first.at} 个字符处的点只有 1 个数，需要 x 和 y（是否用了小数逗号？应写 114.5 而不是 114,5）`,
      );
    }
    if (this.dims === undefined) {
      if (n > 4) throw new FormatError(`the point at character ${first.at} has ${n} numbers; at most 4 (x y z m)`, `第 ${first.at} 个字符处的点有 ${n} 个数，最多 4 个（x y z m）`);
      this.dims = n;
      this.dimsAt = first.at;
    } else if (n !== this.dims) {
      const why = this.dimsDeclared ? `as the type at character ${this.dimsAt} declares (Z/M)` : `like the point at character ${this.dimsAt}`;
      const whyZh = this.dimsDeclared ? `第 ${this.dimsAt} 个字符处的类型声明了 Z/M` : `与第 ${this.dimsAt} 个字符处的点一致`;
      throw new FormatError(
        `the point at character ${first.at} has ${n} numbers but should have ${this.dims}, ${why}`,
        `第 ${first.at} 个字符处的点有 ${n} 个数，应为 ${this.dims} 个（${whyZh}）`,
      );
    }
    return [numbers[0], numbers[1]];
  }
}

function empty(type: TypeName): Geometry {
  switch (type) {
    case 'POINT':
      return { type: 'Point', coordinates: [] };
    case 'LINESTRING':
      return { type: 'LineString', coordinates: [] };
    case 'POLYGON':
      return { type: 'Polygon', coordinates: [] };
    case 'MULTIPOINT':
      return { type: 'MultiPoint', coordinates: [] };
    case 'MULTILINESTRING':
      return { type: 'MultiLineString', coordinates: [] };
    case 'MULTIPOLYGON':
      return { type: 'MultiPolygon', coordinates: [] };
    case 'GEOMETRYCOLLECTION':
      return { type: 'GeometryCollection', geometries: [] };
  }
}
