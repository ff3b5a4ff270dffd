// The .dbf attribute table of a shapefile (dBASE III/IV): a header, 32-byte field
// descriptors, then fixed-width text records. Text is decoded with a fatal decoder in the
// encoding the .cpg names or the bytes allow, so a wrong guess fails loudly, never as "�".
import { checkUtf8, decodeCpg, encodingName, ldidEncoding } from './dbfEncoding';
import { FormatError } from './source';

export type DbfFieldType = 'C' | 'N' | 'F' | 'L' | 'D';

export interface DbfField {
  name: string;
  type: DbfFieldType;
  length: number;
  decimals: number;
  /** byte offset within a record (after the deletion flag) */
  offset: number;
}

export interface DbfEncoding {
  name: string;
  source: 'cpg' | 'detected' | 'default';
}

export interface DbfRecord {
  /** 0-based position in the file, deleted records included: pairs with the .shp record */
  index: number;
  properties: Record<string, string | number | boolean | null>;
}

export interface DbfFile {
  fields: DbfField[];
  /** records not marked deleted */
  count: number;
  /** records in the file, deleted ones included */
  recordCount: number;
  encoding: DbfEncoding;
  /** the live records in file order, decoded lazily */
  records(): Generator<DbfRecord>;
}

export interface DbfOptions {
  /** the text of the layer's .cpg file, when there is one */
  cpg?: string;
  fileName?: string;
}

const TYPES = new Set<string>(['C', 'N', 'F', 'L', 'D']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function damaged(fileName: string, what: string, whatZh: string): FormatError {
  return new FormatError(
    `${fileName}: ${what}; the .dbf file is damaged or truncated. Export the layer again (and zip every file of it).`,
    `${fileName}：${whatZh}；.dbf 文件已损坏或不完整。请重新导出该图层（并将其全部文件一起压缩）。`,
  );
}

/** Bytes without trailing spaces and NULs (safe in GBK and UTF-8: neither uses 0x20/0x00 inside a character). */
function trimEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  return bytes.subarray(0, end);
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
    .replace(/\0/g, '')
    .trim();
}

function hasHighBytes(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

export function parseDbf(bytes: Uint8Array, options: DbfOptions = {}): DbfFile {
  const fileName = options.fileName ?? 'layer.dbf';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 32) throw damaged(fileName, 'the header is missing', '缺少文件头');
  if ((bytes[0] & 0x07) === 4) {
    throw new FormatError(
      `${fileName}: this is a dBASE 7 table, which shapefiles do not use. Export the layer again as an ESRI Shapefile (dBASE III/IV).`,
      `${fileName}：这是 dBASE 7 表格，Shapefile 不使用该格式。请重新导出为 ESRI Shapefile（dBASE III/IV）。`,
    );
  }
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const ldid = bytes[29];

  const rawFields: { name: Uint8Array; type: DbfFieldType; length: number; decimals: number; offset: number }[] = [];
  let offset = 1;
  for (let at = 32; bytes[at] !== 0x0d; at += 32) {
    if (at + 32 > Math.min(headerLength, bytes.length)) throw damaged(fileName, 'the field list has no end', '字段列表没有结束标记');
    const nameBytes = bytes.subarray(at, at + 11);
    const nul = nameBytes.indexOf(0);
    const name = trimEnd(nul < 0 ? nameBytes : nameBytes.subarray(0, nul));
    const type = String.fromCharCode(bytes[at + 11]).toUpperCase();
    const length = bytes[at + 16];
    if (!TYPES.has(type)) {
      throw new FormatError(
        `${fileName}: field ${rawFields.length + 1} has type '${type}', which ParkAtlas does not read (only text C, numbers N/F, logical L, dates D). Convert that field to text or number and export again.`,
        `${fileName}：第 ${rawFields.length + 1} 个字段的类型为 '${type}'，ParkAtlas 无法读取（只支持文本 C、数值 N/F、逻辑 L、日期 D）。请将该字段转为文本或数值后重新导出。`,
      );
    }
    rawFields.push({ name, type: type as DbfFieldType, length, decimals: bytes[at + 17], offset });
    offset += length;
  }
  if (offset > recordLength) throw damaged(fileName, `the fields take ${offset} bytes but a record has ${recordLength}`, `字段总长 ${offset} 字节，超过记录长度 ${recordLength}`);
  if (headerLength + recordCount * recordLength > bytes.length) {
    throw damaged(fileName, `the header says ${recordCount} records but the file ends before them`, `文件头声明 ${recordCount} 条记录，但文件在此之前就结束了`);
  }

  const recordAt = (i: number): number => headerLength + i * recordLength;
  const isDeleted = (i: number): boolean => bytes[recordAt(i)] === 0x2a;
  let count = 0;
  for (let i = 0; i < recordCount; i++) if (!isDeleted(i)) count++;

  // labelled for messages before the encoding is known: the name when ASCII, else the number
  const textFields = rawFields
    .map((f, i) => ({ ...f, label: hasHighBytes(f.name) ? `${i + 1}` : ascii(f.name) }))
    .filter((f) => f.type === 'C');
  /** every piece of text in the file, with where it is for messages */
  function* texts(): Generator<{ bytes: Uint8Array; field: string; record?: number }> {
    for (const [i, f] of rawFields.entries()) yield { bytes: f.name, field: `${i + 1}` };
    for (let i = 0; i < recordCount; i++) {
      if (isDeleted(i)) continue;
      const at = recordAt(i);
      for (const f of textFields) yield { bytes: trimEnd(bytes.subarray(at + f.offset, at + f.offset + f.length)), field: f.label, record: i + 1 };
    }
  }
  /** the first text the encoding cannot decode, undefined when all can */
  function firstUndecodable(label: string): { field: string; record?: number } | undefined {
    const decoder = new TextDecoder(label, { fatal: true });
    for (const t of texts()) {
      if (!hasHighBytes(t.bytes)) continue;
      try {
        decoder.decode(t.bytes);
      } catch {
        return t;
      }
    }
    return undefined;
  }

  const fromCpg = options.cpg === undefined ? undefined : decodeCpg(options.cpg);
  let encoding: DbfEncoding;
  if (fromCpg !== undefined) {
    encoding = { name: fromCpg, source: 'cpg' };
  } else {
    const declared = ldidEncoding(ldid);
    let utf8: 'ascii' | 'utf8' | 'invalid' = 'ascii';
    for (const t of texts()) {
      const check = checkUtf8(t.bytes);
      if (check === 'invalid') {
        utf8 = 'invalid';
        break;
      }
      if (check === 'utf8') utf8 = 'utf8';
    }
    if (utf8 === 'ascii') encoding = { name: declared ?? 'utf-8', source: 'default' };
    else if (utf8 === 'utf8') encoding = { name: 'utf-8', source: 'detected' };
    else if (declared !== undefined && firstUndecodable(declared) === undefined) encoding = { name: declared, source: 'detected' };
    else {
      const bad = firstUndecodable('gb18030');
      if (bad !== undefined) {
        const where = bad.record === undefined ? `the name of field ${bad.field}` : `field ${bad.field} of record ${bad.record}`;
        const whereZh = bad.record === undefined ? `第 ${bad.field} 个字段名` : `第 ${bad.record} 条记录的字段 ${bad.field}`;
        throw new FormatError(
          `${fileName}: the text encoding cannot be recognised (${where} is neither UTF-8 nor GBK). Add a .cpg file naming the encoding (e.g. a .cpg containing "UTF-8" or "GBK") to the zip.`,
          `${fileName}：无法识别文字编码（${whereZh}既不是 UTF-8 也不是 GBK）。请在压缩包中加入写明编码的 .cpg 文件（内容如 "UTF-8" 或 "GBK"）。`,
        );
      }
      encoding = { name: 'gb18030', source: 'detected' };
    }
  }
  const name = encodingName(encoding.name) ?? encoding.name;
  encoding = { ...encoding, name };
  const decoder = new TextDecoder(name, { fatal: true });

  function decodeText(raw: Uint8Array, field: string, record: number | undefined): string {
    try {
      return decoder.decode(raw);
    } catch {
      const where = record === undefined ? `the name of field ${field}` : `field ${field} of record ${record}`;
      const whereZh = record === undefined ? `第 ${field} 个字段名` : `第 ${record} 条记录的字段 ${field}`;
      throw new FormatError(
        `${fileName}: ${where} is not valid ${name}, the encoding the .cpg file names ("${options.cpg?.trim()}"). Correct the .cpg (e.g. "UTF-8" or "GBK") and zip the layer again.`,
        `${fileName}：${whereZh}不是 .cpg 文件所写的编码 ${name}（"${options.cpg?.trim()}"）。请修正 .cpg（如 "UTF-8" 或 "GBK"）后重新压缩。`,
      );
    }
  }

  const fields: DbfField[] = rawFields.map((f, i) => ({ ...f, name: decodeText(f.name, `${i + 1}`, undefined).trim() }));
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.name === '' || seen.has(f.name)) {
      throw new FormatError(
        `${fileName}: ${f.name === '' ? 'a field has no name' : `two fields are named ${f.name}`}; attributes would be lost. Rename the fields and export again.`,
        `${fileName}：${f.name === '' ? '有字段没有名称' : `有两个字段都叫 ${f.name}`}，属性会丢失。请重命名字段后重新导出。`,
      );
    }
    seen.add(f.name);
  }

  function bad(f: DbfField, record: number, what: string, whatZh: string): FormatError {
    return new FormatError(
      `${fileName}: field ${f.name} of record ${record} ${what}. Correct the value in the attribute table and export again.`,
      `${fileName}：第 ${record} 条记录的字段 ${f.name}${whatZh}。请在属性表中修正后重新导出。`,
    );
  }

  function valueOf(f: DbfField, raw: Uint8Array, record: number): string | number | boolean | null {
    switch (f.type) {
      case 'C':
        return decodeText(trimEnd(raw), f.name, record);
      case 'N':
      case 'F': {
        const text = ascii(raw);
        if (text === '' || /^\*+$/.test(text)) return null;
        if (!NUMBER.test(text)) throw bad(f, record, `is not a number ("${text}")`, `不是数值（"${text}"）`);
        return Number(text);
      }
      case 'L': {
        const text = ascii(raw).toUpperCase();
        if (text === '' || text === '?') return null;
        if (text === 'Y' || text === 'T') return true;
        if (text === 'N' || text === 'F') return false;
        throw bad(f, record, `is not a logical value ("${text}")`, `不是逻辑值（"${text}"）`);
      }
      case 'D': {
        const text = ascii(raw);
        if (text === '' || /^0+$/.test(text)) return null;
        const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
        if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31) throw bad(f, record, `is not a date YYYYMMDD ("${text}")`, `不是 YYYYMMDD 格式的日期（"${text}"）`);
        return `${m[1]}-${m[2]}-${m[3]}`;
      }
    }
  }

  return {
    fields,
    count,
    recordCount,
    encoding,
    *records() {
      for (let i = 0; i < recordCount; i++) {
        if (isDeleted(i)) continue;
        const at = recordAt(i);
        const properties: DbfRecord['properties'] = {};
        for (const f of fields) properties[f.name] = valueOf(f, bytes.subarray(at + f.offset, at + f.offset + f.length), i + 1);
        yield { index: i, properties };
      }
    },
  };
}
