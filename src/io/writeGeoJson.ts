// RFC 7946 output: lon/lat, shells counter-clockwise and holes clockwise (the right-hand
// rule), no crs member, every coordinate and figure at full precision.
import type { Feature, Position } from 'geojson';
import { planarSignedArea2 } from '../domain/geometry/orientation';
import type { AreaGeometry } from '../domain/schema/kinds';


const wind = (ring: Position[], ccw: boolean): Position[] => (planarSignedArea2(ring) > 0 === ccw ? ring : [...ring].reverse());
const windPolygon = (rings: Position[][]): Position[][] => rings.map((ring, r) => wind(ring, r === 0));

export function rfc7946Geometry(g: AreaGeometry): AreaGeometry {
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: windPolygon(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(windPolygon) };
}

/** One feature per line: diffable, and streams well. */
export function featureCollectionText(features: Feature[], foreign: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ type: 'FeatureCollection', ...foreign }).slice(0, -1);
  return `${head},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

