// Writes test/fixtures/area/parcels-10k.geojson: 10 000 deterministic polygons around
// Wuhan for the exact-area test — parcels from 1 m² to 60 ha (triangles to octagons,
// some with holes, some MultiPolygons) and parks of 5–50 km² with 300–800 vertices.
import { writeFileSync } from 'node:fs';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { mulberry32 } from './random';

const rnd = mulberry32(20261122);
const M_PER_DEG_LAT = 110_900;

function blob(lon0: number, lat0: number, radiusM: number, vertices: number, clockwise = false): Position[] {
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const ring: Position[] = [];
  for (let i = 0; i < vertices; i++) {
    const ang = ((clockwise ? -1 : 1) * 2 * Math.PI * i) / vertices;
    const r = radiusM * (0.75 + 0.25 * rnd());
    ring.push([round(lon0 + (r * Math.cos(ang)) / mPerDegLon), round(lat0 + (r * Math.sin(ang)) / M_PER_DEG_LAT)]);
  }
  ring.push([...ring[0]]);
  return ring;
}
const round = (x: number): number => Math.round(x * 1e9) / 1e9;

const features: Feature<Polygon | MultiPolygon>[] = [];
for (let i = 0; i < 10_000; i++) {
  const lon = 113.75 + rnd() * 1.3;
  const lat = 30.0 + rnd() * 1.3;
  let geometry: Polygon | MultiPolygon;
  let kind: string;
  if (i < 40) {
    kind = 'park';
    geometry = { type: 'Polygon', coordinates: [blob(lon, lat, 1500 + rnd() * 3400, 300 + Math.floor(rnd() * 500))] };
  } else if (i < 400) {
    kind = 'tiny'; // 1–20 m²
    geometry = { type: 'Polygon', coordinates: [blob(lon, lat, 0.65 + rnd() * 2, 3 + Math.floor(rnd() * 5))] };
  } else if (i < 700) {
    kind = 'holed';
    const r = 80 + rnd() * 300;
    geometry = { type: 'Polygon', coordinates: [blob(lon, lat, r, 4 + Math.floor(rnd() * 8)), blob(lon, lat, r * 0.3, 4 + Math.floor(rnd() * 4), true)] };
  } else if (i < 900) {
    kind = 'multi';
    const r = 50 + rnd() * 200;
    geometry = { type: 'MultiPolygon', coordinates: [[blob(lon, lat, r, 5)], [blob(lon + 0.01, lat, r, 6)]] };
  } else {
    kind = 'parcel'; // 0.3–60 ha
    geometry = { type: 'Polygon', coordinates: [blob(lon, lat, 30 + rnd() * 420, 3 + Math.floor(rnd() * 6))] };
  }
  features.push({ type: 'Feature', id: `A${i}`, properties: { id: `A${i}`, kind }, geometry });
}
const lines = features.map((f) => JSON.stringify(f));
writeFileSync(new URL('../test/fixtures/area/parcels-10k.geojson', import.meta.url), `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
console.log(`wrote ${features.length} polygons`);
