// Edges are great circles of the CGCS2000 authalic sphere (see ../area.ts). A point made on
// an edge — where a cut crosses it, or a neighbour's vertex on it — must lie on that circle,
// or the pieces of the edge no longer add up to the edge: a planar lon/lat crossing is off
// the circle by up to L²·tan φ / 8R, ≈ 5e-7 of a parcel's area for a 100 m edge.
import type { Position } from 'geojson';
import { authalicLatitude } from '../area';
import { CGCS2000 } from '../ellipsoid';
import { EdgeSet, edgePoint, greatCircleMeet } from '../overlay';

const DEG = Math.PI / 180;
const E2 = CGCS2000.f * (2 - CGCS2000.f);
const E = Math.sqrt(E2);
/** q(90°) / (1 − e²), for the derivative of the authalic latitude. */
const Q_POLE = 1 / (1 - E2) + Math.atanh(E) / E;

/**
 * Geodetic latitude (degrees) whose CGCS2000 authalic latitude has sine and cosine
 * sinBeta, cosBeta: the inverse of `authalicLatitude`, to about 1e-16 rad. Newton's
 * method on β(φ) − β, with dβ/dφ = 2 cos φ / ((1 − e² sin² φ)² · q(90°)/(1 − e²) · cos β);
 * the residual uses `authalicLatitude` itself, so the area code maps the result back
 * to the same β.
 */
export function geodeticLatitude(sinBeta: number, cosBeta: number): number {
  const beta = Math.atan2(sinBeta, cosBeta);
  if (cosBeta <= 0) return beta > 0 ? 90 : -90;
  let lat = beta / DEG; // φ − β < 0.13°: a few steps
  for (let k = 0; k < 10; k++) {
    const [s, c] = authalicLatitude(lat);
    const sinPhi = Math.sin(lat * DEG);
    const w = 1 - E2 * sinPhi * sinPhi;
    const slope = (2 * Math.cos(lat * DEG)) / (w * w * Q_POLE * c);
    const step = (Math.atan2(s, c) - beta) / slope / DEG;
    lat -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(lat) || step === 0) break;
  }
  return lat;
}

/**
 * Where the great circle of edge a→b meets that of segment c→d (the meeting point on the
 * side of a→b), as [lon, lat]. The caller knows the two cross.
 */
export function greatCircleCrossing(a: Position, b: Position, c: Position, d: Position): Position {
  const edge = new EdgeSet();
  edge.push(edgePoint(a[0], a[1]), edgePoint(b[0], b[1]));
  const other = new EdgeSet();
  other.push(edgePoint(c[0], c[1]), edgePoint(d[0], d[1]));
  const p = greatCircleMeet(edge, 0, other, 0);
  return [p.x, geodeticLatitude(p.s, p.c)];
}

type Vec = [number, number, number];

function unitVector(p: Position): Vec {
  const [s, c] = authalicLatitude(p[1]);
  return [c * Math.cos(p[0] * DEG), c * Math.sin(p[0] * DEG), s];
}

/** Angular distance (degrees) of p from the great circle through a and b. */
export function offGreatCircle(p: Position, a: Position, b: Position): number {
  const u = unitVector(a), v = unitVector(b), q = unitVector(p);
  // a × (b − a), as overlay.ts: b − a of nearby points is exact.
  const d: Vec = [v[0] - u[0], v[1] - u[1], v[2] - u[2]];
  const n: Vec = [u[1] * d[2] - u[2] * d[1], u[2] * d[0] - u[0] * d[2], u[0] * d[1] - u[1] * d[0]];
  const len = Math.hypot(n[0], n[1], n[2]);
  if (len === 0) return Infinity;
  // n · (p − a), not n · p: the small difference is exact, as above.
  const dot = n[0] * (q[0] - u[0]) + n[1] * (q[1] - u[1]) + n[2] * (q[2] - u[2]);
  return Math.asin(Math.min(1, Math.abs(dot) / len)) / DEG;
}
