// GeoJSON as planners get it: a FeatureCollection, a single Feature or a bare geometry,
// RFC 7946 lon/lat or the older `crs` member naming a projected system.
import type { Geometry } from 'geojson';
import { crsFromName } from '../crs/prj';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** The pre-RFC 7946 `crs` member's name ('EPSG:4547', 'urn:ogc:def:crs:EPSG::4547', CRS84 …). */
function crsHint(name: unknown): CrsHint {
  const code = typeof name === 'string' ? crsFromName(name) : undefined;
  return code === undefined ? { kind: 'none' } : { kind: 'epsg', code };
}

/** How deep each type's coordinates nest: a Polygon is rings of positions (2). */
const COORDINATE_DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
/** GeometryCollections nest at most this deep (bounds the checks' and the import's recursion) */
const MAX_COLLECTION_DEPTH = 8;

/** Whether coordinates are arrays `depth` deep down to positions (arrays of at least x and y); the numbers are checked later. */
function coordinatesFit(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth === 0) return value.length >= 2 || value.length === 0;
  return value.every((item) => coordinatesFit(item, depth - 1));
}

/** What is wrong with a geometry's structure, or undefined when the import's checks can read it. */
function geometryProblem(g: unknown, depth = 0): string | undefined {
  if (g === null) return undefined;
  if (typeof g !== 'object' || Array.isArray(g)) return 'the geometry is not an object';
  const { type, coordinates, geometries } = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (type === 'GeometryCollection') {
    if (depth >= MAX_COLLECTION_DEPTH) return `GeometryCollections nest more than ${MAX_COLLECTION_DEPTH} deep`;
    if (!Array.isArray(geometries)) return 'the GeometryCollection has no "geometries" array';
    for (const member of geometries) {
      const problem = geometryProblem(member, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof type !== 'string' || !(type in COORDINATE_DEPTH)) return `unknown geometry type ${JSON.stringify(type)}`;
  if (!coordinatesFit(coordinates, COORDINATE_DEPTH[type])) return `the ${type}'s "coordinates" are not nested as a ${type}'s are`;
  return undefined;
}

export function readGeoJsonLayer(text: string, name = 'geojson'): SourceLayer {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new FormatError(`${name}: not valid JSON (${(e as Error).message}); check that the file is GeoJSON and complete`, `${name}：不是有效的 JSON（${(e as Error).message}），请确认文件是完整的 GeoJSON`);
  }
  const obj = (typeof json === 'object' && json !== null ? json : {}) as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } }; properties?: unknown; geometry?: unknown; id?: unknown };
  let raw: unknown[];
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw new FormatError(`${name}: the FeatureCollection has no "features" array`, `${name}：FeatureCollection 缺少 "features" 数组`);
    raw = obj.features;
  } else if (obj.type === 'Feature') raw = [obj];
  else if (typeof obj.type === 'string' && GEOMETRY_TYPES.has(obj.type)) raw = [{ type: 'Feature', properties: {}, geometry: obj }];
  else throw new FormatError(`${name}: not GeoJSON (type ${JSON.stringify(obj.type)}); expected a FeatureCollection, a Feature or a geometry`, `${name}：不是 GeoJSON（type 为 ${JSON.stringify(obj.type)}），应为 FeatureCollection、Feature 或几何对象`);
  const fields = new Set<string>();
  const features: RawFeature[] = raw.map((f, index) => {
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { id?: unknown; properties?: unknown; geometry?: unknown };
    const properties = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    for (const key of Object.keys(properties)) fields.add(key);
    const id = typeof feature.id === 'string' || typeof feature.id === 'number' ? feature.id : undefined;
    const problem = geometryProblem(feature.geometry ?? null);
    if (problem) {
      const which = `feature ${index + 1}${id === undefined ? '' : ` (id ${id})`}`;
      const whichZh = `第 ${index + 1} 个要素${id === undefined ? '' : `（id ${id}）`}`;
      throw new FormatError(
        `${name}: ${which}: ${problem}; this is not valid GeoJSON: export the layer again, or correct the geometry`,
        `${name}：${whichZh}的几何结构无效（${problem}），不是有效的 GeoJSON：请重新导出图层或修正该几何`,
      );
    }
    return { ...(id === undefined ? {} : { id }), properties, geometry: (feature.geometry ?? null) as Geometry | null };
  });
  return {
    name,
    crs: crsHint(obj.crs?.properties?.name),
    fields: [...fields],
    count: features.length,
    features: async function* () {
      yield* features;
    },
  };
}
