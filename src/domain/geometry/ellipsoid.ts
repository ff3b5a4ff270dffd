// The reference ellipsoids of official Chinese surveying and of GPS/web maps.
// CGCS2000 (EPSG:4490) and WGS84 differ only in the flattening (≈ 0.1 mm at the pole).

export interface Ellipsoid {
  name: string;
  /** semi-major axis, metres */
  a: number;
  /** flattening */
  f: number;
}

export const CGCS2000: Ellipsoid = { name: 'CGCS2000', a: 6378137, f: 1 / 298.257222101 };
export const WGS84: Ellipsoid = { name: 'WGS84', a: 6378137, f: 1 / 298.257223563 };

/** Terms of the authalic series: the first omitted, (e²)⁶ ≈ 9e-14, moves no area by 1e-12. */
const SERIES_TERMS = 6;

/**
 * The authalic (equal-area) sphere of an ellipsoid. A point at geodetic latitude φ maps
 * to authalic latitude β with sin β = q(φ) / q(90°), which preserves every area exactly;
 * the sphere's radius squared is a²·q(90°)/2.
 *
 * q(φ)/(1−e²) = s/(1−e²s²) + atanh(e·s)/e = s · Σₖ (2k+2)/(2k+1) · (e²s²)ᵏ, s = sin φ,
 * a fast power series (e²s² < 0.0067) with no log and no cancellation near the equator.
 */
export interface AuthalicSphere {
  ellipsoid: Ellipsoid;
  /** radius², m² */
  radius2: number;
  /** sin β from sin φ */
  sinBeta(sinPhi: number): number;
  /**
   * Taylor coefficients of sin β(φ₀ + δ) = t0 + t1·δ + t2·δ² + t3·δ³ (δ in radians),
   * for the per-ring fast path of the area.
   */
  taylor(phi0: number, out: Float64Array): void;
  /**
   * Per 0.01° of latitude, filled on first use (NaN: not yet): the node's latitude (rad),
   * its four Taylor coefficients and 1/cos² β there.
   */
  readonly nodes: Float64Array;
}

export const NODE_STEP_DEG = 0.01;
export const NODE_SLOTS = 6;

export function authalicSphere(ellipsoid: Ellipsoid): AuthalicSphere {
  const e2 = ellipsoid.f * (2 - ellipsoid.f);
  const coef = new Float64Array(SERIES_TERMS);
  for (let k = 0; k < SERIES_TERMS; k++) coef[k] = ((2 * k + 2) / (2 * k + 1)) * Math.pow(e2, k);
  const series = (s: number): number => {
    const x = s * s;
    let sum = coef[SERIES_TERMS - 1];
    for (let k = SERIES_TERMS - 2; k >= 0; k--) sum = sum * x + coef[k];
    return s * sum;
  };
  const qPole = series(1); // common factor (1−e²) cancels in the ratio
  const [c0, c1, c2, c3, c4, c5] = Array.from(coef, (c) => c / qPole);
  return {
    ellipsoid,
    nodes: new Float64Array(NODE_SLOTS * (180 / NODE_STEP_DEG + 1)).fill(NaN),
    // dq/dφ = 2(1−e²) cos φ / w², w = 1 − e² sin² φ; the next two derivatives follow by
    // the chain rule. Divided by q(90°), they give sin β's derivatives.
    taylor(phi0: number, out: Float64Array): void {
      const s = Math.sin(phi0);
      const c = Math.cos(phi0);
      const iw = 1 / (1 - e2 * s * s);
      const k = (2 * iw * iw) / qPole; // (1−e²) cancels against q(90°)'s
      const e4 = 4 * e2 * iw;
      const sb = this.sinBeta(s);
      out[0] = sb;
      out[1] = k * c;
      out[2] = (k * s * (e4 * c * c - 1)) / 2;
      out[3] = (k * c * (e4 * (c * c - 3 * s * s) + 6 * e4 * e2 * s * s * c * c * iw - 1)) / 6;
    },
    radius2: (ellipsoid.a * ellipsoid.a * (1 - e2) * qPole) / 2,
    // Estrin's scheme, not Horner: this runs once per vertex of every parcel, and the
    // three independent pairs keep the multiplier busy instead of waiting on a chain.
    sinBeta(s: number): number {
      const x = s * s;
      const x2 = x * x;
      return s * (c0 + c1 * x + x2 * (c2 + c3 * x + x2 * (c4 + c5 * x)));
    },
  };
}
