// GeographicLib (Karney 2013) as the test oracle for ellipsoidal areas.
//
// PolygonArea sums per-edge areas of Earth scale (a²e² ≈ 2.7e11 m² times a series), so
// its round-off leaves an absolute error of ~1e-5 m² per edge: far below 1e-6 of a
// hectare, but 5e-5 *relative* on a 1 m² parcel. For polygons under 2 km across we
// therefore use GeographicLib's exact Inverse in geodesic polar coordinates around the
// first vertex, A = ½ Σ sᵢ sᵢ₊₁ sin(αᵢ₊₁ − αᵢ), whose error is ≈ K·s²/12 < 1e-8.
import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';

const CGCS2000 = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);
const POLAR_LIMIT_M = 2000;

function polygonAreaOracle(ring: Position[]): number {
  const p = CGCS2000.Polygon(false);
  for (let i = 0; i < ring.length - 1; i++) p.AddPoint(ring[i][1], ring[i][0]);
  return Math.abs(p.Compute(false, true).area ?? NaN);
}

function polarAreaOracle(ring: Position[]): { area: number; extent: number } {
  const [lon0, lat0] = ring[0];
  let extent = 0;
  const polar = ring.map(([lon, lat]) => {
    const r = CGCS2000.Inverse(lat0, lon0, lat, lon);
    extent = Math.max(extent, r.s12 ?? 0);
    return { s: r.s12 ?? 0, azi: ((r.azi1 ?? 0) * Math.PI) / 180 };
  });
  let twice = 0;
  for (let i = 1; i < polar.length - 1; i++) twice += polar[i].s * polar[i + 1].s * Math.sin(polar[i].azi - polar[i + 1].azi);
  return { area: Math.abs(twice / 2), extent };
}

export function ringAreaOracle(ring: Position[]): number {
  const polar = polarAreaOracle(ring);
  return polar.extent < POLAR_LIMIT_M ? polar.area : polygonAreaOracle(ring);
}

export function geometryAreaOracle(g: Polygon | MultiPolygon): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let sum = 0;
  for (const rings of polygons) rings.forEach((ring, i) => (sum += (i === 0 ? 1 : -1) * ringAreaOracle(ring)));
  return sum;
}
