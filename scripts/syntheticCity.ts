// A generated city of any size for benchmarks: 100 irregular parks (200–400 vertices, some
// overlapping) over a jittered grid of quadrilateral parcels (~150 m), so that thousands of
// parcels straddle a park boundary. Deterministic for a given size and seed.
import type { Position } from 'geojson';
import type { City, Park, Parcel, ParcelStatus, ParkTier } from '../src/domain/schema/kinds';
import { mulberry32 } from './random';

const M_PER_DEG_LAT = 110_900;

export function syntheticCity(parcelCount: number, parkCount = 100, seed = 1): City {
  const rnd = mulberry32(seed);
  const lat0 = 30.3;
  const lon0 = 114.0;
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const side = Math.ceil(Math.sqrt(parcelCount));
  const step = 150; // metres between parcel origins
  const extentM = side * step;

  const parks: Park[] = [];
  const tiers: ParkTier[] = ['modern', 'specialty', 'urban'];
  for (let k = 0; k < parkCount; k++) {
    const cx = lon0 + (rnd() * extentM) / mPerDegLon;
    const cy = lat0 + (rnd() * extentM) / M_PER_DEG_LAT;
    const radius = (extentM / Math.sqrt(parkCount)) * (0.25 + 0.3 * rnd());
    const n = 200 + Math.floor(rnd() * 200);
    const ring: Position[] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = radius * (0.8 + 0.2 * Math.sin(5 * a + k) + 0.05 * rnd());
      ring.push([cx + (r * Math.cos(a)) / mPerDegLon, cy + (r * Math.sin(a)) / M_PER_DEG_LAT]);
    }
    ring.push([...ring[0]]);
    parks.push({ id: `park-${k}`, properties: { name: `园区${k}`, tier: tiers[k % 3], output: 50 + rnd() * 1200, revenue: 100, leadingRevenue: 70 + rnd() * 30 }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }

  const statuses: ParcelStatus[] = ['producing', 'producing', 'producing', 'under-construction', 'supplied', 'idle', 'low-efficiency', 'planned'];
  const parcels: Parcel[] = [];
  for (let i = 0; i < parcelCount; i++) {
    const gx = i % side;
    const gy = Math.floor(i / side);
    const x0 = gx * step + 10 * rnd();
    const y0 = gy * step + 10 * rnd();
    const w = step * (0.7 + 0.2 * rnd());
    const h = step * (0.7 + 0.2 * rnd());
    const corners: [number, number][] = [[x0, y0], [x0 + w, y0 + 5 * rnd()], [x0 + w, y0 + h], [x0, y0 + h]];
    const ring = corners.map(([x, y]): Position => [lon0 + x / mPerDegLon, lat0 + y / M_PER_DEG_LAT]);
    ring.push([...ring[0]]);
    parcels.push({
      id: `P${i}`,
      properties: {
        landUse: rnd() < 0.85 ? '100102' : '110101',
        status: statuses[Math.floor(rnd() * statuses.length)],
        grade: 5 + Math.floor(rnd() * 5),
        priorityIndustry: rnd() < 0.3,
        far: 1 + rnd() * 2,
        taxPerMu: 10 + rnd() * 40,
        output: 1000 + rnd() * 10000,
      },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  return { districts: [], zones: [], parks, parcels };
}
