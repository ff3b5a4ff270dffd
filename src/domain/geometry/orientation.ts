// Orientation of a ring in the lon/lat plane (shells counter-clockwise in RFC 7946 and in
// the overlay's edge sets). Coordinates are taken relative to the first vertex, so that
// the sum is not the small difference of large products.
import type { Position } from 'geojson';

/** Twice the planar signed area (deg²) of a ring, closed or not: positive when counter-clockwise. */
export function planarSignedArea2(ring: ArrayLike<Position>): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % n];
    s += (p[0] - x0) * (q[1] - y0) - (q[0] - x0) * (p[1] - y0);
  }
  return s;
}
