// The .shp geometry file (ESRI Shapefile Technical Description, 1998): a 100-byte header,
// then records of (big-endian number, length) + little-endian content. Only polygon layers
// are planning parcels; Z and M values are dropped.
import type { Geometry, Position } from 'geojson';
import { FormatError } from './source';
import { ringsToGeometry } from './shpRings';

const SHAPE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};
const POLYGON_TYPES = new Set([5, 15, 25]);

export interface ShpFile {
  /** the header's shape type (5, 15, 25, or 0 when every record is empty) */
  shapeType: number;
  /** number of records */
  count: number;
  /** the geometries in record order (null for Null shapes and polygons without rings) */
  geometries(): Generator<Geometry | null>;
}

function notPolygonsError(fileName: string, type: number): FormatError {
  const name = SHAPE_NAMES[type];
  if (name === undefined) {
    return new FormatError(
      `${fileName}: unknown shape type ${type}; this is not a valid shapefile. Export the parcels again as a polygon shapefile.`,
      `${fileName}：未知的几何类型 ${type}，不是有效的 Shapefile。请重新导出为面（Polygon）Shapefile。`,
    );
  }
  const [en, zh] = name.includes('Point') ? ['points', '点'] : name.includes('Line') ? ['lines', '线'] : ['3D surfaces', '三维面片'];
  return new FormatError(
    `${fileName}: this layer holds ${en} (${name}); ParkAtlas imports polygons: export the parcels as polygons.`,
    `${fileName}：该图层是${zh}（${name}），ParkAtlas 只导入面：请将地块导出为面（Polygon）图层。`,
  );
}

function corrupt(fileName: string, what: string, whatZh: string): FormatError {
  return new FormatError(
    `${fileName}: ${what}; the .shp file is damaged or truncated. Export the layer again (and zip every file of it).`,
    `${fileName}：${whatZh}；.shp 文件已损坏或不完整。请重新导出该图层（并将其全部文件一起压缩）。`,
  );
}

/** Reads the header and checks every record's bounds; geometries are decoded lazily. */
export function parseShp(bytes: Uint8Array, fileName = 'layer.shp'): ShpFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 100 || view.getInt32(0, false) !== 9994) {
    throw corrupt(fileName, 'no shapefile header (file code 9994)', '缺少 Shapefile 文件头（文件代码 9994）');
  }
  const declared = view.getInt32(24, false) * 2;
  if (declared > bytes.byteLength) {
    throw corrupt(fileName, `the header says ${declared} bytes but the file has ${bytes.byteLength}`, `文件头声明 ${declared} 字节，实际只有 ${bytes.byteLength} 字节`);
  }
  const end = Math.max(100, declared);
  const shapeType = view.getInt32(32, true);
  if (shapeType !== 0 && !POLYGON_TYPES.has(shapeType)) throw notPolygonsError(fileName, shapeType);

  // One pass over the record headers: the count, and no surprises halfway through an import.
  let count = 0;
  for (let at = 100; at < end; count++) {
    if (at + 12 > end) throw corrupt(fileName, `record ${count + 1} is cut off`, `第 ${count + 1} 条记录不完整`);
    const length = view.getInt32(at + 4, false) * 2;
    const type = view.getInt32(at + 8, true);
    if (length < 4 || at + 8 + length > end) throw corrupt(fileName, `record ${count + 1} runs past the end of the file`, `第 ${count + 1} 条记录超出文件末尾`);
    if (type !== 0 && type !== shapeType) {
      if (!POLYGON_TYPES.has(type)) throw notPolygonsError(fileName, type);
      throw corrupt(fileName, `record ${count + 1} is a ${SHAPE_NAMES[type]} in a ${SHAPE_NAMES[shapeType]} file`, `第 ${count + 1} 条记录的类型 ${SHAPE_NAMES[type]} 与文件类型 ${SHAPE_NAMES[shapeType]} 不符`);
    }
    at += 8 + length;
  }

  function polygonAt(content: number, length: number, record: number): Geometry | null {
    // content: type(4) bbox(32) numParts(4) numPoints(4) parts(4·n) points(16·m) [Z, M]
    if (length < 44) throw corrupt(fileName, `record ${record} is too short for a polygon`, `第 ${record} 条记录长度不足`);
    const numParts = view.getInt32(content + 36, true);
    const numPoints = view.getInt32(content + 40, true);
    const partsAt = content + 44;
    const pointsAt = partsAt + 4 * numParts;
    if (numParts < 0 || numPoints < 0 || 44 + 4 * numParts + 16 * numPoints > length) {
      throw corrupt(fileName, `record ${record} declares ${numParts} rings and ${numPoints} points, more than it holds`, `第 ${record} 条记录声明的环数或点数超出记录长度`);
    }
    const rings: Position[][] = [];
    for (let p = 0; p < numParts; p++) {
      const start = view.getInt32(partsAt + 4 * p, true);
      const stop = p + 1 < numParts ? view.getInt32(partsAt + 4 * (p + 1), true) : numPoints;
      if (start < 0 || stop > numPoints || stop < start || (p === 0 && start !== 0)) {
        throw corrupt(fileName, `record ${record} has bad ring offsets`, `第 ${record} 条记录的环索引错误`);
      }
      const ring: Position[] = [];
      for (let i = start; i < stop; i++) {
        ring.push([view.getFloat64(pointsAt + 16 * i, true), view.getFloat64(pointsAt + 16 * i + 8, true)]);
      }
      rings.push(ring);
    }
    return ringsToGeometry(rings);
  }

  return {
    shapeType,
    count,
    *geometries() {
      for (let at = 100, record = 1; at < end; record++) {
        const length = view.getInt32(at + 4, false) * 2;
        const type = view.getInt32(at + 8, true);
        yield type === 0 ? null : polygonAt(at + 8, length, record);
        at += 8 + length;
      }
    },
  };
}
