// Well-known binary (OGC/ISO, as in GeoPackage and Spatialite blobs) → 2D GeoJSON.
// Each nested geometry carries its own byte order; Z and M are read and dropped, x and y
// are the stored doubles untouched.
import type { Geometry, Position } from 'geojson';
import { FormatError } from './source';

const TYPE_NAMES = ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;
/** ISO 13249 types past 7: named in the error so the user knows what to convert */
const CURVED_NAMES: Record<number, string> = {
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  13: 'Curve',
  14: 'Surface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};

const EWKB_Z = 0x80000000;
/** deeper than any real geometry: bounds the reader's recursion (a stack overflow is not a FormatError) */
const MAX_NESTING = 32;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

interface Header {
  base: number;
  /** numbers per vertex: 2, 3 (Z or M) or 4 */
  dims: number;
}

class WkbReader {
  private readonly view: DataView;
  pos: number;
  little = true;

  constructor(
    readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.byteLength) {
      throw new FormatError(
        `WKB geometry is cut short: ${what} at byte ${this.pos} needs ${n} bytes, only ${this.bytes.byteLength - this.pos} left`,
        `WKB 几何数据不完整：第 ${this.pos} 字节处的${what}需要 ${n} 字节，只剩 ${this.bytes.byteLength - this.pos} 字节`,
      );
    }
  }

  uint32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }

  /** a count, refused when the remaining bytes cannot hold that many items (a corrupt count must not allocate gigabytes) */
  count(what: string, minItemBytes: number): number {
    const n = this.uint32(what);
    this.need(n * minItemBytes, `${n} × ${what}`);
    return n;
  }

  position(dims: number): Position {
    this.need(8 * dims, 'coordinate');
    const x = this.view.getFloat64(this.pos, this.little);
    const y = this.view.getFloat64(this.pos + 8, this.little);
    this.pos += 8 * dims;
    return [x, y];
  }

  positions(dims: number): Position[] {
    const n = this.count('point count', 8 * dims);
    const out: Position[] = new Array<Position>(n);
    for (let i = 0; i < n; i++) out[i] = this.position(dims);
    return out;
  }

  rings(dims: number): Position[][] {
    const n = this.count('ring count', 4);
    const out: Position[][] = new Array<Position[]>(n);
    for (let i = 0; i < n; i++) out[i] = this.positions(dims);
    return out;
  }

  header(): Header {
    this.need(1, 'byte order');
    const order = this.bytes[this.pos];
    if (order !== 0 && order !== 1) {
      throw new FormatError(
        `not WKB: byte ${this.pos} should be the byte order (0 or 1) but is ${order}`,
        `不是 WKB 数据：第 ${this.pos} 字节应为字节序标记（0 或 1），实际为 ${order}`,
      );
    }
    this.pos += 1;
    this.little = order === 1;
    const code = this.uint32('geometry type');
    if (code & EWKB_SRID) {
      throw new FormatError(
        'WKB geometry carries a PostGIS SRID (EWKB); export plain WKB, the file states the CRS',
        'WKB 几何内嵌 PostGIS SRID（EWKB），请导出标准 WKB，由文件声明坐标系',
      );
    }
    const ewkbZ = (code & EWKB_Z) !== 0;
    const ewkbM = (code & EWKB_M) !== 0;
    const iso = code & 0x0fffffff;
    const base = iso % 1000;
    const isoDim = Math.floor(iso / 1000);
    if (isoDim > 3 || ((ewkbZ || ewkbM) && isoDim !== 0)) throw unknownType(code);
    const hasZ = ewkbZ || isoDim === 1 || isoDim === 3;
    const hasM = ewkbM || isoDim === 2 || isoDim === 3;
    if (base < 1 || base > 7) throw unknownType(code);
    return { base, dims: 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) };
  }

  geometry(depth = 0): Geometry {
    if (depth > MAX_NESTING) {
      throw new FormatError(
        `WKB geometry nests more than ${MAX_NESTING} deep at byte ${this.pos}; no real geometry does, the data is damaged`,
        `WKB 几何在第 ${this.pos} 字节处嵌套超过 ${MAX_NESTING} 层；真实几何不会如此，数据已损坏`,
      );
    }
    const { base, dims } = this.header();
    switch (base) {
      case 1: {
        const p = this.position(dims);
        // WKB has no POINT EMPTY; writers store NaN NaN, GeoJSON's empty point is []
        return { type: 'Point', coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
      }
      case 2:
        return { type: 'LineString', coordinates: this.positions(dims) };
      case 3:
        return { type: 'Polygon', coordinates: this.rings(dims) };
      case 4:
        return { type: 'MultiPoint', coordinates: this.members(1, depth, (g) => (g.type === 'Point' ? g.coordinates : [])) };
      case 5:
        return { type: 'MultiLineString', coordinates: this.members(2, depth, (g) => (g.type === 'LineString' ? g.coordinates : [])) };
      case 6:
        return { type: 'MultiPolygon', coordinates: this.members(3, depth, (g) => (g.type === 'Polygon' ? g.coordinates : [])) };
      default: {
        const n = this.count('geometry count', 5);
        const geometries: Geometry[] = [];
        for (let i = 0; i < n; i++) geometries.push(this.geometry(depth + 1));
        return { type: 'GeometryCollection', geometries };
      }
    }
  }

  /** the members of a Multi*, each a full WKB geometry that must be of the member type */
  private members<T>(memberBase: number, depth: number, coords: (g: Geometry) => T): T[] {
    const n = this.count('member count', 5);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const at = this.pos;
      const g = this.geometry(depth + 1);
      if (g.type !== TYPE_NAMES[memberBase]) {
        throw new FormatError(
          `WKB ${TYPE_NAMES[memberBase + 3]} member ${i + 1} (byte ${at}) is a ${g.type}, not a ${TYPE_NAMES[memberBase]}`,
          `WKB ${TYPE_NAMES[memberBase + 3]} 的第 ${i + 1} 个成员（第 ${at} 字节）是 ${g.type}，不是 ${TYPE_NAMES[memberBase]}`,
        );
      }
      out.push(coords(g));
    }
    return out;
  }
}

function unknownType(code: number): FormatError {
  const curved = CURVED_NAMES[(code & 0x0fffffff) % 1000];
  if (curved) {
    return new FormatError(
      `WKB geometry type ${curved} (${code}) is not supported; convert curves to lines first (ogr2ogr -nlt CONVERT_TO_LINEAR)`,
      `不支持 WKB 几何类型 ${curved}（${code}），请先将曲线转为折线（ogr2ogr -nlt CONVERT_TO_LINEAR）`,
    );
  }
  return new FormatError(`unknown WKB geometry type code ${code}`, `未知的 WKB 几何类型代码 ${code}`);
}

/** Reads one WKB geometry starting at `offset`; trailing bytes after it are not looked at. */
export function parseWkb(bytes: Uint8Array, offset = 0): Geometry {
  return new WkbReader(bytes, offset).geometry();
}
