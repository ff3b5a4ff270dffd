// Oracle for overlap areas: polygon-clipping builds the intersection polygons, and
// GeographicLib measures them — independent of ParkAtlas's Green's-theorem overlay.
import type { MultiPolygon, Polygon } from 'geojson';
import polygonClipping, { type Geom, type Pair } from 'polygon-clipping';
import { geometryAreaOracle } from './geographiclib';

const asGeom = (g: Polygon | MultiPolygon): Geom =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((rings) => rings.map((r) => r.map((p): Pair => [p[0], p[1]])));

export function intersectionAreaOracle(a: Polygon | MultiPolygon, others: readonly (Polygon | MultiPolygon)[]): number {
  if (others.length === 0) return 0;
  const union = polygonClipping.union(asGeom(others[0]), ...others.slice(1).map(asGeom));
  const clipped = polygonClipping.intersection(asGeom(a), union);
  return clipped.length === 0 ? 0 : geometryAreaOracle({ type: 'MultiPolygon', coordinates: clipped });
}
