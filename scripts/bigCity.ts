// The 100 000-parcel city of `npm run bench:ui`: a grid of small rectangular parcels
// (30–120 m sides) over Wuhan, deterministic for a given seed. Every tenth row and column
// of the grid is left empty, like roads, so the benchmark has known empty spots to draw in.
import type { Feature, Polygon, Position } from 'geojson';
import { mulberry32 } from './random';

const M_PER_DEG_LAT = 110_900;
/** The grid's middle: central Wuhan, inside lon 113.9–114.7, lat 30.3–30.9. */
const CENTRE: [number, number] = [114.3, 30.6];
const CELL_M = 150;
const COLUMNS = 360;
/** Each parcel keeps this far from its cell's edges, so neighbours never touch. */
const INSET_M = 5;
const LAND_USES = ['100101', '100102', '100103', '110101', '110102'];

export interface BigCity {
  parcels: Array<Feature<Polygon, { landUse: string; status: string; grade: number }> & { id: string }>;
  /** where parcels are dense: the grid's middle */
  busyPlace: [number, number];
  /** centres of empty cells near the middle, each 150 m from any parcel's cell */
  emptySpots: Array<[number, number]>;
}

const blank = (i: number): boolean => i % 10 === 9;
const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;

export function bigCity(count = 100_000, seed = 7): BigCity {
  const rnd = mulberry32(seed);
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((CENTRE[1] * Math.PI) / 180);
  const filledPerRow = Array.from({ length: COLUMNS }, (_, c) => c).filter((c) => !blank(c)).length;
  let rows = 0;
  for (let filled = 0; filled < count; rows++) if (!blank(rows)) filled += filledPerRow;
  const x0 = -(COLUMNS * CELL_M) / 2;
  const y0 = -(rows * CELL_M) / 2;
  const at = (x: number, y: number): [number, number] => [round7(CENTRE[0] + x / mPerDegLon), round7(CENTRE[1] + y / M_PER_DEG_LAT)];

  const parcels: BigCity['parcels'] = [];
  for (let r = 0; r < rows && parcels.length < count; r++) {
    if (blank(r)) continue;
    for (let c = 0; c < COLUMNS && parcels.length < count; c++) {
      if (blank(c)) continue;
      const w = 30 + 90 * rnd();
      const h = 30 + 90 * rnd();
      const left = x0 + c * CELL_M + INSET_M + (CELL_M - 2 * INSET_M - w) * rnd();
      const bottom = y0 + r * CELL_M + INSET_M + (CELL_M - 2 * INSET_M - h) * rnd();
      const ring: Position[] = [at(left, bottom), at(left + w, bottom), at(left + w, bottom + h), at(left, bottom + h)];
      ring.push([...ring[0]]);
      const id = `G-${String(parcels.length + 1).padStart(6, '0')}`;
      parcels.push({
        type: 'Feature',
        id,
        properties: { landUse: LAND_USES[Math.floor(rnd() * LAND_USES.length)], status: 'producing', grade: 1 + Math.floor(rnd() * 15) },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }

  // Empty cells of a blank row near the middle, 20 columns apart so each gets a fresh view.
  const midRow = Math.floor(rows / 2 / 10) * 10 + 9;
  const cellCentre = (r: number, c: number): [number, number] => at(x0 + (c + 0.5) * CELL_M, y0 + (r + 0.5) * CELL_M);
  const emptySpots = Array.from({ length: 12 }, (_, k) => cellCentre(midRow, 20 + 20 * k + (k % 2)));
  return { parcels, busyPlace: cellCentre(midRow - 5, Math.floor(COLUMNS / 2)), emptySpots };
}
