// Figures derived from a city's geometry, never stored as truth: each parcel's
// ellipsoidal area, the share of it inside parks, the park and district it falls in.
// Each is computed on first use and kept, so a report and an export share the work.
import Flatbush from 'flatbush';
import { geometryArea } from '../geometry/area';
import { bboxOf, PolygonIndex, polygonsOf } from '../geometry/overlay';
import { differenceBoundary, unionIndex } from '../geometry/union';
import type { AreaFeature, AreaGeometry, City, District, Park } from '../schema/kinds';

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

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** Area (m²) of the union of some geometries: overlapping ground counts once. */
export function unionArea(geometries: readonly AreaGeometry[]): number {
  return geometries.length === 0 ? 0 : unionIndex(geometries).area();
}

export class CityFacts {
  readonly city: City;
  /** ellipsoidal area of each parcel, m² */
  readonly parcelArea: () => Float64Array;
  /** share (0–1) of each parcel inside the union of all parks */
  readonly parkShare: () => Float64Array;
  /** share of each parcel inside the union of upgrade-target parks */
  readonly upgradeParkShare: () => Float64Array;
  /** index of the park holding the largest part of each parcel, −1 for none */
  readonly parcelPark: () => Int32Array;
  /** each parcel's overlaps with the districts (all kinds) */
  readonly parcelDistricts: () => DistrictOverlap[][];
  /** ellipsoidal area of each park, m² */
  readonly parkArea: () => Float64Array;
  /** each park's district id: its own attribute, else the district holding most of it */
  readonly parkDistrict: () => (string | null)[];
  /** each park's overlaps with the districts (all kinds), m² */
  readonly parkDistricts: () => DistrictOverlap[][];

  private readonly parkIndexes: (PolygonIndex | undefined)[] = [];
  private readonly districtIndexes: (PolygonIndex | undefined)[] = [];
  private readonly scopeAreas: (Float64Array | undefined)[] = [];
  private readonly nationalZones: () => PolygonIndex | null;

  constructor(city: City) {
    this.city = city;
    const { parcels, parks, districts } = city;
    this.parcelArea = lazy(() => Float64Array.from(parcels, (p) => geometryArea(p.geometry)));
    this.parkArea = lazy(() => Float64Array.from(parks, (p) => geometryArea(p.geometry)));
    this.parkShare = lazy(() => this.shareInside(parks));
    this.upgradeParkShare = lazy(() => this.shareInside(parks.filter((p) => p.properties.upgradeTarget === true)));
    const parkBoxes = lazy(() => bboxIndex(parks));
    this.nationalZones = lazy(() => {
      const zones = districts.filter((d) => d.properties.kind === 'national-zone');
      return zones.length > 0 ? unionIndex(zones.map((z) => z.geometry)) : null;
    });
    const districtBoxes = lazy(() => bboxIndex(districts));

    this.parcelPark = lazy(() => {
      const share = this.parkShare();
      const out = new Int32Array(parcels.length).fill(-1);
      const boxes = parkBoxes();
      parcels.forEach((parcel, i) => {
        if (!boxes || share[i] === 0) return;
        let best = 0;
        for (const k of this.candidates(boxes, parcel.geometry)) {
          const overlap = this.parkIndex(k).overlapArea(parcel.geometry);
          // Ties (a parcel wholly inside two overlapping parks) go to the smaller park id,
          // whatever order the parks came in.
          if (overlap > best || (overlap === best && overlap > 0 && parks[k].id < parks[out[i]].id)) [best, out[i]] = [overlap, k];
        }
      });
      return out;
    });

    this.parcelDistricts = lazy(() => {
      const boxes = districtBoxes();
      return parcels.map((parcel) => {
        if (!boxes) return [];
        const overlaps: DistrictOverlap[] = [];
        for (const d of this.candidates(boxes, parcel.geometry)) {
          const area = this.districtIndex(d).overlapArea(parcel.geometry);
          if (area > 0) overlaps.push({ district: d, area });
        }
        return overlaps;
      });
    });

    this.parkDistricts = lazy(() => {
      const boxes = districtBoxes();
      return parks.map((park) => (boxes ? this.candidates(boxes, park.geometry).map((d) => ({ district: d, area: this.districtIndex(d).overlapArea(park.geometry) })) : []));
    });

    this.parkDistrict = lazy(() => {
      const known = new Set(districts.map((d) => d.id));
      return parks.map((park, k) => {
        if (park.properties.district && known.has(park.properties.district)) return park.properties.district;
        const overlaps = this.parkDistricts()[k];
        return this.largestDistrict(overlaps, (d) => d.properties.kind !== 'national-zone') ?? this.largestDistrict(overlaps, () => true);
      });
    });
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
    const zones = this.city.districts[d].properties.kind === 'national-zone' ? null : this.nationalZones();
    const nz = new Set(this.city.districts.flatMap((x, i) => (x.properties.kind === 'national-zone' ? [i] : [])));
    let scope: PolygonIndex | null = null;
    const out = Float64Array.from(this.parcelDistricts(), (overlaps, i) => {
      const inD = overlaps.find((o) => o.district === d)?.area ?? 0;
      if (inD === 0 || !zones || !overlaps.some((o) => nz.has(o.district))) return inD;
      scope ??= new PolygonIndex(differenceBoundary(this.districtIndex(d), zones));
      return scope.overlapArea(this.city.parcels[i].geometry);
    });
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

  private candidates(boxes: Flatbush, geometry: AreaGeometry): number[] {
    const [minX, minY, maxX, maxY] = bboxOf(polygonsOf(geometry));
    return boxes.search(minX, minY, maxX, maxY).sort((a, b) => a - b);
  }

  private shareInside(parks: readonly Park[]): Float64Array {
    const areas = this.parcelArea();
    const out = new Float64Array(this.city.parcels.length);
    if (parks.length === 0) return out;
    const union = unionIndex(parks.map((p) => p.geometry));
    this.city.parcels.forEach((parcel, i) => {
      out[i] = areas[i] > 0 ? Math.min(1, union.overlapArea(parcel.geometry) / areas[i]) : 0;
    });
    return out;
  }
}
