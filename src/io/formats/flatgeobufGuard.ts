// Checks a FlatGeobuf file's structure before the flatgeobuf library sees it. The library
// trusts every count, length and offset it reads: a header with 0 features and an index
// sends its calcTreeSize into an endless loop, an offset past the end reads zeros forever,
// a vector length of 2^31 loops for minutes. Here every table, vector and string the
// library will touch must lie inside its own header or feature, references may only point
// forward (no cycles), and the work a feature asks for is bounded by its size in bytes.
import { FormatError } from './source';

const MAGIC = [0x66, 0x67, 0x62, 0x03];
/** magic (8) + header size prefix (4) */
const HEADER_START = 8;
const NODE_ITEM_BYTES = 40;
/** GeometryCollections nest at most this deep (a real file nests 1 or 2 levels) */
const MAX_DEPTH = 16;
/** the flatgeobuf ColumnType values, with their fixed sizes (0: a length-prefixed value) */
const COLUMN_BYTES: readonly number[] = [1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 0, 0, 0, 0];

/** What the library will read from the header, once checked. */
export interface FgbLayout {
  featuresCount: number;
  indexNodeSize: number;
  /** ColumnType per column, in order */
  columnTypes: number[];
  /** byte offset of the first feature */
  featuresAt: number;
}

type Fail = (what: string, whatZh: string) => FormatError;

/** One flatbuffer table inside [start, end): its fields, checked on access. */
class Table {
  constructor(
    private readonly r: Region,
    readonly pos: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
  ) {}

  /** absolute position of field i, 0 when absent */
  field(i: number, width: number): number {
    const slot = 4 + 2 * i;
    if (slot + 2 > this.vtableSize) return 0;
    const offset = this.r.int16(this.vtable + slot);
    if (offset === 0) return 0;
    if (offset < 4) throw this.r.fail(`field ${i} has offset ${offset}`, `字段 ${i} 的偏移量为 ${offset}`);
    this.r.within(this.pos + offset, width, `field ${i}`);
    return this.pos + offset;
  }

  /** the target of an offset field (a table, vector or string), 0 when absent */
  target(i: number): number {
    const at = this.field(i, 4);
    return at === 0 ? 0 : this.r.forward(at);
  }

  /** a vector field's data start and length, null when absent */
  vector(i: number, itemBytes: number, align: number): { start: number; length: number } | null {
    const at = this.target(i);
    if (at === 0) return null;
    return this.r.vectorAt(at, itemBytes, align, `field ${i}`);
  }

  /** the tables of a vector-of-tables field */
  tables(i: number): Table[] {
    const v = this.vector(i, 4, 1);
    if (!v) return [];
    const out: Table[] = [];
    for (let k = 0; k < v.length; k++) out.push(this.r.table(this.r.forward(v.start + 4 * k)));
    return out;
  }

  string(i: number): void {
    this.vector(i, 1, 1);
  }

  table(i: number): Table | null {
    const at = this.target(i);
    return at === 0 ? null : this.r.table(at);
  }
}

/** A part of the file (the header, or one feature) that its tables must stay inside. */
class Region {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    readonly fail: Fail,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  within(at: number, width: number, what: string): void {
    if (at < this.start || at + width > this.end) throw this.fail(`${what} lies outside it`, `${what} 超出范围`);
  }

  int16(at: number): number {
    this.within(at, 2, 'a vtable entry');
    return this.view.getInt16(at, true);
  }

  int32(at: number): number {
    this.within(at, 4, 'an offset');
    return this.view.getInt32(at, true);
  }

  /** an offset stored at `at`, which must point forward (so references cannot loop) */
  forward(at: number): number {
    const offset = this.int32(at);
    if (offset <= 0) throw this.fail(`an offset at byte ${at} points backwards`, `第 ${at} 字节处的偏移量指向前方`);
    return at + offset;
  }

  vectorAt(at: number, itemBytes: number, align: number, what: string): { start: number; length: number } {
    const length = this.int32(at);
    const start = at + 4;
    if (length < 0 || start + length * itemBytes > this.end) throw this.fail(`${what} holds ${length} items, more than fit`, `${what} 声明 ${length} 项，超出容量`);
    // the library views doubles and uint32s in place: a typed array needs aligned data
    if ((this.bytes.byteOffset + start) % align !== 0) throw this.fail(`${what} is misaligned`, `${what} 未对齐`);
    return { start, length };
  }

  table(pos: number): Table {
    const vtable = pos - this.int32(pos);
    const vtableSize = this.int16(vtable);
    const tableSize = this.int16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0 || tableSize < 4) throw this.fail(`the table at byte ${pos} has a bad vtable`, `第 ${pos} 字节处的表结构无效`);
    this.within(vtable, vtableSize, `the vtable of the table at byte ${pos}`);
    this.within(pos, tableSize, `the table at byte ${pos}`);
    return new Table(this, pos, vtable, vtableSize);
  }
}

function damagedFile(name: string): (what: string, whatZh: string) => FormatError {
  return (what, whatZh) =>
    new FormatError(
      `${name}: not a readable FlatGeobuf file (${what}); the file is damaged or truncated: export it again`,
      `${name}：无法读取的 FlatGeobuf 文件（${whatZh}）；文件已损坏或不完整，请重新导出`,
    );
}

/** Bytes of a packed R-tree of `count` items, as the library computes it, without its endless loop at count 0. */
export function treeBytes(count: number, nodeSize: number): number {
  const size = Math.min(Math.max(nodeSize, 2), 65535);
  let n = count;
  let nodes = n;
  do {
    n = Math.ceil(n / size);
    nodes += n;
  } while (n > 1);
  return nodes * NODE_ITEM_BYTES;
}

/** Checks a column table; returns where its type byte is (0: absent, the type is Byte). */
function checkColumn(column: Table, index: number, fail: Fail): number {
  if (column.target(0) === 0) throw fail(`column ${index + 1} has no name`, `第 ${index + 1} 列没有名称`);
  column.string(0);
  for (const i of [2, 3, 10]) column.string(i);
  for (const i of [4, 5, 6]) column.field(i, 4);
  for (const i of [7, 8, 9]) column.field(i, 1);
  return column.field(1, 1);
}

function checkCrs(crs: Table): void {
  for (const i of [0, 2, 3, 4, 5]) crs.string(i);
  crs.field(1, 4);
}

/** Checks the magic and the header; says where the features start. */
export function checkFgbHeader(bytes: Uint8Array, name: string): FgbLayout {
  const fail = damagedFile(name);
  if (bytes.byteLength < HEADER_START + 4 || !MAGIC.every((b, i) => bytes[i] === b)) throw fail('no FlatGeobuf magic bytes', '缺少 FlatGeobuf 标识字节');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(HEADER_START, true);
  const headerEnd = HEADER_START + 4 + headerLength;
  if (headerLength < 8 || headerEnd > bytes.byteLength) {
    throw fail(
      `the header is ${headerLength} bytes, but the file has ${bytes.byteLength - HEADER_START - 4} after the magic`,
      `文件头声明 ${headerLength} 字节，而文件在标识之后只有 ${bytes.byteLength - HEADER_START - 4} 字节`,
    );
  }
  const region = new Region(bytes, HEADER_START + 4, headerEnd, (what, whatZh) => fail(`header: ${what}`, `文件头：${whatZh}`));
  const header = region.table(region.forward(HEADER_START + 4));
  header.string(0);
  header.vector(1, 8, 8);
  for (const i of [2, 3, 4, 5, 6]) header.field(i, 1);
  const columnTypes = header.tables(7).map((column, index) => {
    const typeAt = checkColumn(column, index, fail);
    return typeAt === 0 ? 0 : bytes[typeAt];
  });
  const countAt = header.field(8, 8);
  const nodeSizeAt = header.field(9, 2);
  const crs = header.table(10);
  if (crs) checkCrs(crs);
  for (const i of [11, 12, 13]) header.string(i);
  const featuresCount = countAt === 0 ? 0 : Number(view.getBigUint64(countAt, true));
  const indexNodeSize = nodeSizeAt === 0 ? 16 : view.getUint16(nodeSizeAt, true);
  const unknownType = columnTypes.findIndex((t) => COLUMN_BYTES[t] === undefined);
  if (unknownType >= 0) throw fail(`column ${unknownType + 1} has an unknown type ${columnTypes[unknownType]}`, `第 ${unknownType + 1} 列的类型 ${columnTypes[unknownType]} 未知`);
  return { featuresCount, indexNodeSize, columnTypes, featuresAt: headerEnd + indexBytes(bytes, headerEnd, featuresCount, indexNodeSize, name) };
}

/** The spatial index's size, refused when the header's count cannot be true. */
function indexBytes(bytes: Uint8Array, headerEnd: number, count: number, nodeSize: number, name: string): number {
  if (nodeSize === 0) return 0;
  if (count === 0) {
    throw new FormatError(
      `${name}: the FlatGeobuf header says the file has a spatial index but 0 features; such a file cannot be read (it is empty or was not finished). Export the layer again with its features, or without a spatial index (ogr2ogr -lco SPATIAL_INDEX=NO)`,
      `${name}：FlatGeobuf 文件头声明有空间索引，但要素数为 0；无法读取该文件（文件为空或未写完）。请重新导出含要素的图层，或不带空间索引导出（ogr2ogr -lco SPATIAL_INDEX=NO）`,
    );
  }
  // every feature needs an index entry (40 bytes) and a size prefix (4 bytes)
  if (count > (bytes.byteLength - headerEnd) / (NODE_ITEM_BYTES + 4)) {
    throw new FormatError(
      `${name}: the FlatGeobuf header says ${count} features, but the file is only ${bytes.byteLength} bytes, too small to hold them; it is truncated or damaged: export it again`,
      `${name}：FlatGeobuf 文件头声明有 ${count} 个要素，但文件只有 ${bytes.byteLength} 字节，容纳不下；文件不完整或已损坏，请重新导出`,
    );
  }
  const size = treeBytes(count, nodeSize);
  if (headerEnd + size > bytes.byteLength) {
    throw damagedFile(name)(`the spatial index needs ${size} bytes, the file ends before`, `空间索引需要 ${size} 字节，文件在此之前就结束了`);
  }
  return size;
}

/** Work a feature may ask of the library: geometry tables and coordinates, bounded by its bytes. */
interface Budget {
  tables: number;
  numbers: number;
}

function checkGeometry(g: Table, depth: number, budget: Budget, fail: Fail): void {
  if (depth > MAX_DEPTH) throw fail(`geometries nest more than ${MAX_DEPTH} deep`, `几何嵌套超过 ${MAX_DEPTH} 层`);
  if (--budget.tables < 0) throw fail('it refers to more geometry parts than it holds', '引用的几何部件多于其所含');
  g.vector(0, 4, 4);
  for (const i of [1, 2, 3, 4, 5]) {
    const v = g.vector(i, 8, 8);
    budget.numbers -= v?.length ?? 0;
  }
  if (budget.numbers < 0) throw fail('it refers to more coordinates than it holds', '引用的坐标多于其所含');
  g.field(6, 1);
  for (const part of g.tables(7)) checkGeometry(part, depth + 1, budget, fail);
}

/** Walks the properties as the library will, so a bad column index or length is refused, not thrown deep inside. */
function checkProperties(bytes: Uint8Array, start: number, length: number, columnTypes: readonly number[], fail: Fail): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
  let at = 0;
  while (at < length) {
    if (at + 2 > length) throw fail('its properties are cut off', '属性数据不完整');
    const column = view.getUint16(at, true);
    at += 2;
    const type = columnTypes[column];
    if (type === undefined)
      throw fail(`its properties name column ${column + 1}, but the header has ${columnTypes.length}`, `属性引用第 ${column + 1} 列，而文件头只有 ${columnTypes.length} 列`);
    let size = COLUMN_BYTES[type];
    if (size === 0) {
      if (at + 4 > length) throw fail('its properties are cut off', '属性数据不完整');
      size = 4 + view.getUint32(at, true);
    }
    if (at + size > length) throw fail('its properties are cut off', '属性数据不完整');
    at += size;
  }
}

/** Checks every feature after the header; returns how many there are. */
export function checkFgbFeatures(bytes: Uint8Array, layout: FgbLayout, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = layout.featuresAt; at < bytes.byteLength; count++) {
    const n = count + 1;
    const fail: Fail = (what, whatZh) => damagedFile(name)(`feature ${n}: ${what}`, `第 ${n} 个要素：${whatZh}`);
    if (at + 4 > bytes.byteLength) throw fail('its size is cut off', '长度字段不完整');
    const length = view.getUint32(at, true);
    const end = at + 4 + length;
    if (length < 8 || end > bytes.byteLength)
      throw fail(`it says ${length} bytes, the file has ${bytes.byteLength - at - 4} left`, `声明 ${length} 字节，而文件只剩 ${bytes.byteLength - at - 4} 字节`);
    const region = new Region(bytes, at + 4, end, fail);
    const feature = region.table(region.forward(at + 4));
    const geometry = feature.table(0);
    if (!geometry) throw fail('it has no geometry', '没有几何');
    checkGeometry(geometry, 0, { tables: length / 8, numbers: length / 8 }, fail);
    const properties = feature.vector(1, 1, 1);
    if (properties && layout.columnTypes.length > 0) checkProperties(bytes, properties.start, properties.length, layout.columnTypes, fail);
    feature.tables(2).forEach((column, index) => checkColumn(column, index, fail));
    at = end;
  }
  if (layout.featuresCount > 0 && count !== layout.featuresCount) {
    throw new FormatError(
      `${name}: the FlatGeobuf header says ${layout.featuresCount} features but the file holds ${count}; it is truncated or damaged: export it again`,
      `${name}：FlatGeobuf 文件头声明有 ${layout.featuresCount} 个要素，而文件中有 ${count} 个；文件不完整或已损坏，请重新导出`,
    );
  }
  return count;
}
