// Empty spots of a city to draw a parcel in: inside a park, clear of every parcel and of
// every park, zone and district boundary by a margin, so the editor's snapping (10 px)
// leaves the drawn corners where they were clicked. Boxes only: conservative, and cheap.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, Geometry, Position } from 'geojson';

const M_PER_DEG_LAT = 110_900;
const BUCKET_DEG = 0.01;

type Box = [number, number, number, number];

function rings(geometry: Geometry): Position[][] {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

function boxOf(points: readonly Position[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}

const overlaps = (a: Box, b: Box): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Boxes bucketed on a coarse grid: a spot only looks at the boxes of its own buckets. */
class BoxIndex {
  private readonly buckets = new Map<string, Box[]>();

  add(box: Box): void {
    for (const key of this.keys(box)) {
      const list = this.buckets.get(key);
      if (list) list.push(box);
      else this.buckets.set(key, [box]);
    }
  }

  hits(box: Box): boolean {
    return this.keys(box).some((key) => this.buckets.get(key)?.some((b) => overlaps(b, box)) ?? false);
  }

  private keys(box: Box): string[] {
    const keys: string[] = [];
    for (let i = Math.floor(box[0] / BUCKET_DEG); i <= Math.floor(box[2] / BUCKET_DEG); i++)
      for (let j = Math.floor(box[1] / BUCKET_DEG); j <= Math.floor(box[3] / BUCKET_DEG); j++) keys.push(`${i},${j}`);
    return keys;
  }
}

/** Even-odd rule over all rings (holes included). */
function inside([x, y]: Position, geometry: Geometry): boolean {
  let odd = false;
  for (const ring of rings(geometry))
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  return odd;
}

const read = (dir: URL, layer: string): FeatureCollection => JSON.parse(readFileSync(new URL(`${layer}.geojson`, dir), 'utf8')) as FeatureCollection;

export interface CitySpots {
  /** a parcel's corner: somewhere parcels are drawn */
  busyPlace: [number, number];
  /** centres of squares of `sideM` clear by `marginM`, at most one per park */
  emptySpots: Array<[number, number]>;
}

export function emptySpotsInParks(dir: URL, sideM: number, marginM: number, count: number): CitySpots {
  const parcels = read(dir, 'parcels').features;
  const parks = read(dir, 'parks').features;
  const blockers = new BoxIndex();
  for (const f of parcels) blockers.add(boxOf(rings(f.geometry).flat()));
  // Each boundary segment on its own: a district's box would cover everything.
  for (const layer of ['parks', 'zones', 'districts'])
    for (const f of read(dir, layer).features)
      for (const ring of rings(f.geometry)) for (let i = 1; i < ring.length; i++) blockers.add(boxOf([ring[i - 1], ring[i]]));

  const emptySpots: Array<[number, number]> = [];
  const stepM = 80;
  for (const park of [...parks].sort((a, b) => String(a.id).localeCompare(String(b.id)))) {
    if (emptySpots.length >= count) break;
    const [x0, y0, x1, y1] = boxOf(rings(park.geometry).flat());
    const mPerDegLon = M_PER_DEG_LAT * Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    const half = sideM / 2 + marginM;
    const spot = ((): [number, number] | null => {
      for (let y = y0; y <= y1; y += stepM / M_PER_DEG_LAT)
        for (let x = x0; x <= x1; x += stepM / mPerDegLon) {
          const clear: Box = [x - half / mPerDegLon, y - half / M_PER_DEG_LAT, x + half / mPerDegLon, y + half / M_PER_DEG_LAT];
          if (inside([x, y], park.geometry) && !blockers.hits(clear)) return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
        }
      return null;
    })();
    if (spot) emptySpots.push(spot);
  }
  const corner = rings(parcels[0].geometry)[0][0];
  return { busyPlace: [corner[0], corner[1]], emptySpots };
}
