// Figures derived from a city's geometry, never stored as truth: each parcel's
// ellipsoidal area, the share of it inside parks, the park and district it falls in.
// Each is computed on first use and kept, so a report and an export share the work; when
// parcels change (LiveCity), only the changed parcels' figures are computed again.
import Flatbush from 'flatbush';
import { geometryArea } from '../geometry/area';
import { bboxOf, PolygonIndex, polygonsOf } from '../geometry/overlay';
import { differenceBoundary, unionIndex } from '../geometry/union';
import type { AreaFeature, AreaGeometry, City, District, Parcel, ParkTier } from '../schema/kinds';
import { floorYuan } from '../pricing/priceFloor';
import type { PriceTable } from '../pricing/priceTable';
import { parcelWeight } from './filters';
import type { ParcelFilter, PolicyPack } from './pack';

/** A parcel's overlap with one district, m². */
export interface DistrictOverlap {
  district: number;
  area: number;
}

function bboxIndex(features: readonly AreaFeature<unknown>[]): Flatbush | null {
  if (features.length === 0) return null;
  const index = new Flatbush(features.length);
  for (const f of features) {
    const [minX, minY, maxX, maxY] = bboxOf(polygonsOf(f.geometry));
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  return index;
}

/** Area (m²) of the union of some geometries: overlapping ground counts once. */
export function unionArea(geometries: readonly AreaGeometry[]): number {
  return geometries.length === 0 ? 0 : unionIndex(geometries).area();
}

/** Copies a per-parcel array into the new parcel order (`from[j]`: old index of parcel j, −1: new). */
function remap<T extends Float64Array | Int32Array>(old: T, from: Int32Array, make: (n: number) => T): T {
  const out = make(from.length);
  for (let j = 0; j < from.length; j++) if (from[j] >= 0) out[j] = old[from[j]];
  return out;
}

export class CityFacts {
  readonly city: City;

  private _parcelArea?: Float64Array;
  private _parkArea?: Float64Array;
  private _parkShare?: Float64Array;
  private _upgradeShare?: Float64Array;
  private _parcelPark?: Int32Array;
  private _parcelDistricts?: DistrictOverlap[][];
  private _parkDistricts?: DistrictOverlap[][];
  private _parkDistrict?: (string | null)[];
  private _parkUnion?: PolygonIndex | null;
  private _upgradeUnion?: PolygonIndex | null;
  private _parkBoxes?: Flatbush | null;
  private _districtBoxes?: Flatbush | null;
  private _nationalZones?: PolygonIndex | null;
  private readonly parkIndexes: (PolygonIndex | undefined)[] = [];
  private readonly districtIndexes: (PolygonIndex | undefined)[] = [];
  private readonly scopeAreas: (Float64Array | undefined)[] = [];
  /** per district: the district minus the national zones, where a parcel straddles both */
  private readonly scopeIndexes: (PolygonIndex | undefined)[] = [];
  /** each parcel's price floor (元, NaN: none applies), per pack, for one set of tables */
  private readonly floorCache = new Map<PolicyPack, { tables: ReadonlyMap<string, PriceTable>; yuan: Float64Array }>();
  /** filter weights of parcels, per filter and pack */
  private readonly weightCache = new Map<ParcelFilter, Map<PolicyPack, Float64Array>>();
  // Parcel lists per place (ascending indices), rebuilt after any parcel change.
  private _parkParcels?: number[][];
  private _districtParcels?: number[][];
  private readonly _tierParcels = new Map<ParkTier, number[]>();

  constructor(city: City) {
    this.city = city;
  }

  /** ellipsoidal area of each parcel, m² */
  readonly parcelArea = (): Float64Array => (this._parcelArea ??= Float64Array.from(this.city.parcels, (p) => geometryArea(p.geometry)));

  /** ellipsoidal area of each park, m² */
  readonly parkArea = (): Float64Array => (this._parkArea ??= Float64Array.from(this.city.parks, (p) => geometryArea(p.geometry)));

  /** share (0–1) of each parcel inside the union of all parks */
  readonly parkShare = (): Float64Array => (this._parkShare ??= this.shareInside(this.parkUnion()));

  /** share of each parcel inside the union of upgrade-target parks */
  readonly upgradeParkShare = (): Float64Array => (this._upgradeShare ??= this.shareInside(this.upgradeUnion()));

  /** index of the park holding the largest part of each parcel, −1 for none */
  readonly parcelPark = (): Int32Array => {
    if (!this._parcelPark) {
      const out = new Int32Array(this.city.parcels.length);
      for (let i = 0; i < out.length; i++) out[i] = this.parkOf(i);
      this._parcelPark = out;
    }
    return this._parcelPark;
  };

  /** each parcel's overlaps with the districts (all kinds) */
  readonly parcelDistricts = (): DistrictOverlap[][] => (this._parcelDistricts ??= this.city.parcels.map((parcel) => this.districtsOf(parcel)));

  /** each park's overlaps with the districts (all kinds), m² */
  readonly parkDistricts = (): DistrictOverlap[][] => {
    if (!this._parkDistricts) {
      const boxes = this.districtBoxes();
      this._parkDistricts = this.city.parks.map((park) =>
        boxes ? this.candidates(boxes, park.geometry).map((d) => ({ district: d, area: this.districtIndex(d).overlapArea(park.geometry) })) : [],
      );
    }
    return this._parkDistricts;
  };

  /** each park's district id: its own attribute, else the district holding most of it */
  readonly parkDistrict = (): (string | null)[] => {
    if (!this._parkDistrict) {
      const known = new Set(this.city.districts.map((d) => d.id));
      this._parkDistrict = this.city.parks.map((park, k) => {
        if (park.properties.district && known.has(park.properties.district)) return park.properties.district;
        const overlaps = this.parkDistricts()[k];
        return this.largestDistrict(overlaps, (d) => d.properties.kind !== 'national-zone') ?? this.largestDistrict(overlaps, () => true);
      });
    }
    return this._parkDistrict;
  };

  /** The parcels of each park (by parcelPark), ascending. */
  parkParcels(): number[][] {
    if (!this._parkParcels) {
      const out: number[][] = this.city.parks.map(() => []);
      const park = this.parcelPark();
      for (let i = 0; i < park.length; i++) if (park[i] >= 0) out[park[i]].push(i);
      this._parkParcels = out;
    }
    return this._parkParcels;
  }

  /** The parcels overlapping each district (any part), ascending. */
  districtParcels(): number[][] {
    if (!this._districtParcels) {
      const out: number[][] = this.city.districts.map(() => []);
      this.parcelDistricts().forEach((overlaps, i) => {
        for (const o of overlaps) out[o.district].push(i);
      });
      this._districtParcels = out;
    }
    return this._districtParcels;
  }

  /** The parcels whose park is of this tier, ascending. */
  tierParcels(tier: ParkTier): number[] {
    let list = this._tierParcels.get(tier);
    if (!list) {
      list = [];
      const park = this.parcelPark();
      for (let i = 0; i < park.length; i++) if (park[i] >= 0 && this.city.parks[park[i]].properties.tier === tier) list.push(i);
      this._tierParcels.set(tier, list);
    }
    return list;
  }

  /** 0–1: how much of each parcel a filter of a pack keeps (filters.ts parcelWeight), kept per filter. */
  weights(filter: ParcelFilter, pack: PolicyPack): Float64Array {
    let byPack = this.weightCache.get(filter);
    if (!byPack) this.weightCache.set(filter, (byPack = new Map()));
    let out = byPack.get(pack);
    if (!out) {
      const parcels = this.city.parcels;
      out = new Float64Array(parcels.length);
      for (let i = 0; i < parcels.length; i++) out[i] = parcelWeight(filter, parcels[i], i, pack, this);
      byPack.set(pack, out);
    }
    return out;
  }

  /** Each parcel's price floor in 元 under the pack's pricing rule (priceFloor.ts floorYuan), NaN where none applies. */
  floors(pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>): Float64Array {
    const cached = this.floorCache.get(pack);
    if (cached && cached.tables === tables) return cached.yuan;
    const yuan = new Float64Array(this.city.parcels.length);
    for (let i = 0; i < yuan.length; i++) yuan[i] = this.floorOf(i, pack, tables);
    this.floorCache.set(pack, { tables, yuan });
    return yuan;
  }

  /**
   * Whether park k belongs to district d: its own district attribute names d, or more than
   * half of it lies in d. A park can belong to a district and to the national zone over it.
   */
  parkInDistrict(k: number, d: number): boolean {
    const own = this.city.parks[k].properties.district;
    const district = this.city.districts[d];
    if (own && this.city.districts.some((x) => x.id === own)) return own === district.id;
    const inside = this.parkDistricts()[k].find((o) => o.district === d)?.area ?? 0;
    return inside > 0.5 * this.parkArea()[k];
  }

  /**
   * The part of each parcel (m²) inside district d as a policy scope. National zones
   * (功能区) are counted apart from the districts under them, so an administrative
   * district's scope is the district minus every national zone.
   */
  districtScopeArea(d: number): Float64Array {
    const cached = this.scopeAreas[d];
    if (cached) return cached;
    const out = new Float64Array(this.city.parcels.length);
    for (let i = 0; i < out.length; i++) out[i] = this.scopeAreaOf(d, i);
    this.scopeAreas[d] = out;
    return out;
  }

  /** The district (of those passing `accept`) holding the largest part; ids for ties go to the first. */
  largestDistrict(overlaps: readonly DistrictOverlap[], accept: (d: District) => boolean): string | null {
    let best: DistrictOverlap | null = null;
    for (const o of overlaps) if (accept(this.city.districts[o.district]) && o.area > 0 && (!best || o.area > best.area)) best = o;
    return best ? this.city.districts[best.district].id : null;
  }

  parkIndex(k: number): PolygonIndex {
    return (this.parkIndexes[k] ??= PolygonIndex.of(this.city.parks[k].geometry));
  }

  districtIndex(d: number): PolygonIndex {
    return (this.districtIndexes[d] ??= PolygonIndex.of(this.city.districts[d].geometry));
  }

  /**
   * The city's parcels have changed (the same City object, its `parcels` array replaced or
   * patched; parks and districts untouched). `from[j]` is the old index of parcel j, or −1
   * for a parcel that is new or changed: only those are measured again.
   */
  parcelsChanged(from: Int32Array): void {
    const n = from.length;
    const fresh: number[] = [];
    for (let j = 0; j < n; j++) if (from[j] < 0) fresh.push(j);
    const f64 = (k: number): Float64Array => new Float64Array(k);
    const i32 = (k: number): Int32Array => new Int32Array(k);
    // The order of computing matters: shares need areas, the park needs the share.
    if (this._parcelArea) {
      this._parcelArea = remap(this._parcelArea, from, f64);
      for (const j of fresh) this._parcelArea[j] = geometryArea(this.city.parcels[j].geometry);
    }
    if (this._parkShare) {
      this._parkShare = remap(this._parkShare, from, f64);
      for (const j of fresh) this._parkShare[j] = this.shareOf(j, this.parkUnion());
    }
    if (this._upgradeShare) {
      this._upgradeShare = remap(this._upgradeShare, from, f64);
      for (const j of fresh) this._upgradeShare[j] = this.shareOf(j, this.upgradeUnion());
    }
    if (this._parcelPark) {
      this._parcelPark = remap(this._parcelPark, from, i32);
      for (const j of fresh) this._parcelPark[j] = this.parkOf(j);
    }
    if (this._parcelDistricts) {
      const old = this._parcelDistricts;
      this._parcelDistricts = Array.from(from, (i, j) => (i >= 0 ? old[i] : this.districtsOf(this.city.parcels[j])));
    }
    this.scopeAreas.forEach((areas, d) => {
      if (!areas) return;
      const out = remap(areas, from, f64);
      for (const j of fresh) out[j] = this.scopeAreaOf(d, j);
      this.scopeAreas[d] = out;
    });
    for (const [filter, byPack] of this.weightCache) {
      for (const [pack, weights] of byPack) {
        const out = remap(weights, from, f64);
        for (const j of fresh) out[j] = parcelWeight(filter, this.city.parcels[j], j, pack, this);
        byPack.set(pack, out);
      }
    }
    for (const [pack, cached] of this.floorCache) {
      const out = remap(cached.yuan, from, f64);
      for (const j of fresh) out[j] = this.floorOf(j, pack, cached.tables);
      cached.yuan = out;
    }
    this._parkParcels = undefined;
    this._districtParcels = undefined;
    this._tierParcels.clear();
  }

  // --- one parcel at a time -----------------------------------------------------------------

  private parkUnion(): PolygonIndex | null {
    if (this._parkUnion === undefined) this._parkUnion = this.city.parks.length > 0 ? unionIndex(this.city.parks.map((p) => p.geometry)) : null;
    return this._parkUnion;
  }

  private upgradeUnion(): PolygonIndex | null {
    if (this._upgradeUnion === undefined) {
      const parks = this.city.parks.filter((p) => p.properties.upgradeTarget === true);
      this._upgradeUnion = parks.length > 0 ? unionIndex(parks.map((p) => p.geometry)) : null;
    }
    return this._upgradeUnion;
  }

  private parkBoxes(): Flatbush | null {
    if (this._parkBoxes === undefined) this._parkBoxes = bboxIndex(this.city.parks);
    return this._parkBoxes;
  }

  private districtBoxes(): Flatbush | null {
    if (this._districtBoxes === undefined) this._districtBoxes = bboxIndex(this.city.districts);
    return this._districtBoxes;
  }

  private nationalZones(): PolygonIndex | null {
    if (this._nationalZones === undefined) {
      const zones = this.city.districts.filter((d) => d.properties.kind === 'national-zone');
      this._nationalZones = zones.length > 0 ? unionIndex(zones.map((z) => z.geometry)) : null;
    }
    return this._nationalZones;
  }

  private shareInside(union: PolygonIndex | null): Float64Array {
    const out = new Float64Array(this.city.parcels.length);
    if (!union) return out;
    for (let i = 0; i < out.length; i++) out[i] = this.shareOf(i, union);
    return out;
  }

  private floorOf(i: number, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>): number {
    return floorYuan(this.city.parcels[i].properties, this.parcelArea()[i], this.parkShare()[i], pack, tables) ?? NaN;
  }

  private shareOf(i: number, union: PolygonIndex | null): number {
    const area = this.parcelArea()[i];
    return union && area > 0 ? Math.min(1, union.overlapArea(this.city.parcels[i].geometry) / area) : 0;
  }

  private parkOf(i: number): number {
    const boxes = this.parkBoxes();
    if (!boxes || this.parkShare()[i] === 0) return -1;
    const parks = this.city.parks;
    const geometry = this.city.parcels[i].geometry;
    let best = 0;
    let out = -1;
    for (const k of this.candidates(boxes, geometry)) {
      const overlap = this.parkIndex(k).overlapArea(geometry);
      // Ties (a parcel wholly inside two overlapping parks) go to the smaller park id,
      // whatever order the parks came in.
      if (overlap > best || (overlap === best && overlap > 0 && parks[k].id < parks[out].id)) [best, out] = [overlap, k];
    }
    return out;
  }

  private districtsOf(parcel: Parcel): DistrictOverlap[] {
    const boxes = this.districtBoxes();
    if (!boxes) return [];
    const overlaps: DistrictOverlap[] = [];
    for (const d of this.candidates(boxes, parcel.geometry)) {
      const area = this.districtIndex(d).overlapArea(parcel.geometry);
      if (area > 0) overlaps.push({ district: d, area });
    }
    return overlaps;
  }

  private scopeAreaOf(d: number, i: number): number {
    const overlaps = this.parcelDistricts()[i];
    const inD = overlaps.find((o) => o.district === d)?.area ?? 0;
    const zones = this.city.districts[d].properties.kind === 'national-zone' ? null : this.nationalZones();
    if (inD === 0 || !zones || !overlaps.some((o) => this.city.districts[o.district].properties.kind === 'national-zone')) return inD;
    const scope = (this.scopeIndexes[d] ??= new PolygonIndex(differenceBoundary(this.districtIndex(d), zones)));
    return scope.overlapArea(this.city.parcels[i].geometry);
  }

  private candidates(boxes: Flatbush, geometry: AreaGeometry): number[] {
    const [minX, minY, maxX, maxY] = bboxOf(polygonsOf(geometry));
    return boxes.search(minX, minY, maxX, maxY).sort((a, b) => a - b);
  }
}
