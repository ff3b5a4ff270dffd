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
  const features: RawFeature[] = raw.map((f) => {
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { id?: unknown; properties?: unknown; geometry?: unknown };
    const properties = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    for (const key of Object.keys(properties)) fields.add(key);
    const id = typeof feature.id === 'string' || typeof feature.id === 'number' ? feature.id : undefined;
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
