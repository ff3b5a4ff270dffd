// The union of overlapping polygons (parks that share ground), so that land inside two
// parks counts once. polygon-clipping is a robust sweep-line implementation in plain JS.
import type { Position } from 'geojson';
import polygonClipping, { type Geom, type Pair } from 'polygon-clipping';
import type { AreaGeometry } from '../schema/kinds';

type Polygons = Position[][][];

function asGeom(geometry: AreaGeometry): Geom {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map((p): Pair => [p[0], p[1]])));
}

/** Union of the geometries as non-overlapping polygons (shells CCW, holes CW). */
export function unionOf(geometries: readonly AreaGeometry[]): Polygons {
  if (geometries.length === 0) return [];
  const [first, ...rest] = geometries.map(asGeom);
  return polygonClipping.union(first, ...rest);
}
