// Reprojection of a detected CRS to CGCS2000 lon/lat (EPSG:4490), the coordinates
// ParkAtlas stores, and the last check that the result is in China.
//
// Only the inverse projection is applied, onto the CRS's own ellipsoid: no datum shift.
// CGCS2000 and WGS 84 lon/lat are taken as equal (< 1 m); Xian 1980 / Beijing 1954 reach
// here only after the user accepted the shift (detect.ts).
import type { Geometry, Position } from 'geojson';
import proj4 from 'proj4';
import { FormatError } from '../formats/source';
import { crsInfo, ellipsoidParams, type CrsInfo } from './definitions';
import type { Detection } from './detect';
import { CHINA, outsideChina, type Extent, type Message } from './messages';

export type Reproject = (p: Position) => Position;

/** Same numbers, new array: 4326/4490 are not touched, not even rounded. */
const identity: Reproject = (p) => p.slice();

const cache = new Map<number, Reproject>();

/** The function taking a position of EPSG:code to EPSG:4490 lon/lat (extra ordinates such as z are kept). */
export function reprojector(code: number): Reproject {
  const cached = cache.get(code);
  if (cached) return cached;
  const info = crsInfo(code);
  if (!info) {
    throw new FormatError(
      `EPSG:${code} is not a CRS ParkAtlas can reproject (it reads EPSG:4326, 4490 and the Gauss-Krüger zones of CGCS2000, Xian 1980 and Beijing 1954): convert the file first, e.g. ogr2ogr -t_srs EPSG:4490.`,
      `ParkAtlas 无法转换 EPSG:${code}（支持 EPSG:4326、4490 以及 CGCS2000、西安1980、北京1954 的高斯-克吕格投影带）：请先转换文件，例如 ogr2ogr -t_srs EPSG:4490。`,
    );
  }
  const fn = info.kind === 'geographic' ? identity : inverseProjection(info);
  cache.set(code, fn);
  return fn;
}

function inverseProjection(info: CrsInfo): Reproject {
  // both ends without a datum: proj4 then applies no datum transformation
  const converter = proj4(info.proj4, `+proj=longlat ${ellipsoidParams(info.datum)} +no_defs`);
  return (p) => {
    const [lon, lat] = converter.forward([p[0], p[1]]);
    return p.length > 2 ? [lon, lat, ...p.slice(2)] : [lon, lat];
  };
}

const ring = (ps: Position[], fn: Reproject): Position[] => ps.map(fn);
const rings = (rs: Position[][], fn: Reproject): Position[][] => rs.map((r) => ring(r, fn));

/** A new geometry with every position mapped by fn (a bbox member is dropped: it was in the old CRS). */
export function reprojectGeometry<G extends Geometry>(g: G, fn: Reproject): G {
  return reprojectAny(g, fn) as G;
}

function reprojectAny(g: Geometry, fn: Reproject): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: fn(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: ring(g.coordinates, fn) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: rings(g.coordinates, fn) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((p) => rings(p, fn)) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map((c) => reprojectAny(c, fn)) };
  }
}

export function emptyExtent(): Extent {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

/** Grows extent (in place) by every position of g; returns it. */
export function extendExtent(extent: Extent, g: Geometry): Extent {
  const add = (p: Position) => {
    if (p[0] < extent.minX) extent.minX = p[0];
    if (p[0] > extent.maxX) extent.maxX = p[0];
    if (p[1] < extent.minY) extent.minY = p[1];
    if (p[1] > extent.maxY) extent.maxY = p[1];
  };
  switch (g.type) {
    case 'Point':
      add(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(add);
      break;
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((r) => r.forEach(add));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => r.forEach(add)));
      break;
    case 'GeometryCollection':
      g.geometries.forEach((c) => extendExtent(extent, c));
      break;
  }
  return extent;
}

/** Degrees from the central meridian a Gauss-Krüger easting can reach: half a 6° zone, with margin. */
const MAX_ZONE_HALF_WIDTH = 4;

const inChina = (e: Extent): boolean =>
  e.minX >= CHINA.minLon && e.maxX <= CHINA.maxLon && e.minY >= CHINA.minLat && e.maxY <= CHINA.maxLat;

/**
 * Refuses a reprojected layer whose lon/lat extent is not in China (73–136°E, 3–54°N), naming
 * the likely mistake; null when it is in China. An empty extent (no positions) passes.
 */
export function checkInChina(lonLat: Extent, detection: Detection): Message | null {
  if (lonLat.minX === Infinity && lonLat.maxX === -Infinity) return null;
  if (inChina(lonLat)) return null;
  return outsideChina(lonLat, detection.code, likelyMistake(lonLat, detection));
}

function likelyMistake(e: Extent, detection: Detection): { en: string; zh: string } {
  const info = detection.code !== null ? crsInfo(detection.code) : undefined;
  const guessed =
    detection.source === 'coordinates'
      ? { en: ' ParkAtlas chose this CRS from the coordinates alone: pass the right one with --crs.', zh: 'ParkAtlas 仅根据坐标推断了该坐标系：请用 --crs 指定正确的坐标系。' }
      : { en: ' Check the CRS the file was exported with, or pass the right one with --crs.', zh: '请检查文件导出时的坐标系，或用 --crs 指定正确的坐标系。' };
  const finite = [e.minX, e.minY, e.maxX, e.maxY].every(Number.isFinite);
  const latOk = finite && e.minY >= CHINA.minLat && e.maxY <= CHINA.maxLat;
  let likely: { en: string; zh: string };
  if (!finite) {
    likely = { en: 'Likely the wrong CRS: the numbers are not in its range (a zone prefix where none belongs, or degrees read as metres).', zh: '可能是坐标系错误：数值不在其范围内（多了带号，或把度当作米）。' };
  } else if (info?.kind === 'geographic') {
    const swapped = e.minX >= CHINA.minLat && e.maxX <= CHINA.maxLat && e.minY >= CHINA.minLon && e.maxY <= CHINA.maxLon;
    likely = swapped
      ? { en: 'Likely x and y are swapped (latitude first): export with x = longitude.', zh: '可能 x 与 y 颠倒（纬度在前）：请按 x = 经度导出。' }
      : { en: 'Likely the data is in another CRS than the file says.', zh: '可能数据的实际坐标系与文件声明的不同。' };
  } else if (info?.centralMeridian !== undefined && Math.max(Math.abs(e.minX - info.centralMeridian), Math.abs(e.maxX - info.centralMeridian)) > MAX_ZONE_HALF_WIDTH) {
    // no zone's eastings reach this far from its central meridian: x was not an easting
    likely = { en: 'Likely x and y are swapped (northing first), or the numbers are not Gauss-Krüger metres.', zh: '可能 x 与 y 颠倒（北坐标在前），或数值不是高斯-克吕格平面坐标。' };
  } else if (info && latOk) {
    likely = { en: `Likely the wrong zone: EPSG:${info.code} has its central meridian at ${info.centralMeridian}°E; choose the zone the data was surveyed in.`, zh: `可能投影带错误：EPSG:${info.code} 的中央经线为 ${info.centralMeridian}°E；请选择数据测量所用的投影带。` };
  } else if (info) {
    likely = { en: 'Likely x and y are swapped (northing first), or the numbers are not Gauss-Krüger metres.', zh: '可能 x 与 y 颠倒（北坐标在前），或数值不是高斯-克吕格平面坐标。' };
  } else {
    likely = { en: 'Likely the wrong CRS.', zh: '可能坐标系错误。' };
  }
  return { en: likely.en + guessed.en, zh: likely.zh + guessed.zh };
}
