// Oracle for overlap areas, independent of ParkAtlas's overlay: every edge is densified
// along its true ellipsoidal geodesic (GeographicLib), so that polygon-clipping's straight
// cuts between points a few metres apart stand for the geodesic edges (the bow of a 5 m
// chord is 1e-12 m), then GeographicLib measures the clipped polygons.
import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping, { type Geom, type Pair } from 'polygon-clipping';
import { geometryAreaOracle } from './geographiclib';

const CGCS2000 = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);
const STEP_M = 5;

function densifyRing(ring: Position[]): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [lon1, lat1] = ring[i];
    const [lon2, lat2] = ring[i + 1];
    out.push([lon1, lat1]);
    const line = CGCS2000.InverseLine(lat1, lon1, lat2, lon2);
    const n = Math.ceil((line.s13 ?? 0) / STEP_M);
    for (let k = 1; k < n; k++) {
      const p = line.Position(((line.s13 ?? 0) * k) / n);
      out.push([p.lon2 ?? NaN, p.lat2 ?? NaN]);
    }
  }
  out.push([ring[0][0], ring[0][1]]);
  return out;
}

export function densify(g: Polygon | MultiPolygon): Geom {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((rings) => rings.map(densifyRing));
}

/** Area of a ∩ (the union of others), m², with geodesic edges throughout. */
export function intersectionAreaOracle(a: Polygon | MultiPolygon, others: readonly (Polygon | MultiPolygon)[]): number {
  if (others.length === 0) return 0;
  const union = polygonClipping.union(densify(others[0]), ...others.slice(1).map(densify));
  const clipped = polygonClipping.intersection(densify(a), union);
  return clipped.length === 0 ? 0 : geometryAreaOracle({ type: 'MultiPolygon', coordinates: clipped });
}
