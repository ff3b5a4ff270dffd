// An import, checked before anything is written: the layer's CRS detected (or the planner's
// choice), every feature reprojected to CGCS2000 lon/lat, mapped onto the schema and checked
// — geometry, attributes, ids, overlaps with the project's parcels, parcels outside every
// industrial block — each problem naming the feature, where it is and what to do. Streams:
// features go out in chunks as they are checked, so a 100 000-parcel file never sits in
// memory twice; the writer keeps nothing unless the whole file passed.
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { geometryArea } from '../../domain/geometry/area';
import { bboxOf, polygonsOf, type PolygonIndex } from '../../domain/geometry/overlay';
import { repairGeometry, type RepairAction, type RepairReasonCode } from '../../domain/geometry/repair';
import { unionIndex } from '../../domain/geometry/union';
import { geometryProblems, type GeometryProblemCode } from '../../domain/geometry/validity';
import { attributeProblems } from '../../domain/schema/attributes';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import { detectCrs, suggestCrs, type CrsSuggestion, type Detection, type Extent } from '../crs/detect';
import { checkInChina, emptyExtent, extendExtent, reprojectGeometry, reprojector } from '../crs/reproject';
import type { SourceLayer } from '../formats/source';
import { mapProperties, suggestLandUseValues, suggestMapping, type FieldMapping, type MappingNote } from './fieldMapping';

export interface ImportProblem {
  /** the feature's id, or #n (1-based position in the file) */
  feature: string;
  field?: string;
  /** lon/lat of the problem, when it has a place */
  at?: [number, number];
  en: string;
  zh: string;
  /** why the repair asked for (ImportPlan.repair) could not fix this geometry */
  repairReason?: RepairReasonCode;
}

/** A geometry repaired on import (ImportPlan.repair): what it was, what it is, what changed. */
export interface RepairRecord {
  feature: string;
  /** as read (in lon/lat) */
  before: AreaGeometry;
  after: AreaGeometry;
  actions: RepairAction[];
  /** where the first action happened, else the first vertex */
  at?: [number, number];
  /** null when the geometry before had no meaningful area (crossing or misplaced rings) */
  areaBeforeM2: number | null;
  areaAfterM2: number;
}

export interface ImportPlan {
  layer: LayerName;
  /** the planner's CRS, overriding detection */
  crs?: number;
  acceptDatumShift?: boolean;
  /** the planner's mapping; suggested from the field names when absent */
  mapping?: FieldMapping;
  /** repair what repairGeometry can (unclosed rings, bow ties …) instead of refusing it */
  repair?: boolean;
}

/** What is in the project already: for ids, overlaps and the industrial blocks. */
export interface Existing {
  ids: ReadonlySet<string>;
  parcels: ReadonlyArray<{ id: string; geometry: AreaGeometry }>;
  zones: ReadonlyArray<{ id: string; geometry: AreaGeometry }>;
}

export const NOTHING_EXISTING: Existing = { ids: new Set(), parcels: [], zones: [] };

export interface ImportFeature {
  id: string;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

export interface Survey {
  detection: Detection;
  /** the sample's extent in the file's coordinates */
  extent: Extent;
  /** CRSs the planner may mean, for the override */
  suggestions: CrsSuggestion[];
  mapping: FieldMapping;
  notes: MappingNote[];
  unknownLandUse: string[];
  /** the first rows after mapping, as the planner will see them */
  preview: Array<Record<string, unknown>>;
}

export interface PreparedImport extends Survey {
  count: number;
  areaM2: number;
  errors: ImportProblem[];
  /** listed, not blocking (a parcel outside every industrial block) */
  warnings: ImportProblem[];
  /** more problems than listed */
  errorCount: number;
  /** geometries repaired (ImportPlan.repair), at most MAX_LISTED */
  repairs: RepairRecord[];
  repairCount: number;
}

export interface PrepareHooks {
  /** receives the checked features in order, CHUNK at a time */
  onChunk?(features: ImportFeature[]): Promise<void> | void;
  onProgress?(done: number, total: number | undefined): void;
  signal?: AbortSignal;
}

export const CHUNK = 2000;
/** Problems listed at most; the count says how many there are. */
export const MAX_LISTED = 500;
/** Rows read to detect the CRS and suggest the mapping. */
const SAMPLE = 2000;
/** An overlap smaller than this (m²) is drawing noise along a shared edge, not an overlap. */
const OVERLAP_TOLERANCE_M2 = 1;

const ID_PREFIX: Record<LayerName, string> = { parcels: 'P', parks: 'pk', zones: 'z', districts: 'd' };

/** Problems that leave a geometry's area meaningful (geometryArea closes rings and skips nothing). */
const AREA_STILL_MEANS: ReadonlySet<GeometryProblemCode> = new Set(['unclosed-ring', 'too-few-points', 'repeated-point', 'zero-area']);

const REPAIR_REASON: Record<RepairReasonCode, { en: string; zh: string }> = {
  'not-polygon': { en: 'it is not a polygon', zh: '它不是多边形' },
  empty: { en: 'it is empty', zh: '它为空' },
  'bad-coordinate': { en: 'a coordinate is not a number', zh: '有坐标不是数值' },
  'out-of-range': { en: 'a coordinate is out of range', zh: '有坐标超出范围' },
  'self-overlap': { en: 'a ring runs back along itself', zh: '有环沿自身折返' },
  'self-touch': { en: 'a ring touches itself', zh: '有环自接触' },
  'multiple-self-intersections': { en: 'a ring crosses itself more than once', zh: '有环多处自相交' },
  'nested-loops': { en: 'the loops of a self-crossing ring lie one inside the other', zh: '自相交环的两部分互相嵌套' },
  'rings-intersect': { en: 'rings cross or touch one another', zh: '各环相互交叉或接触' },
  'hole-inside-hole': { en: 'a hole lies inside another hole', zh: '有内环位于另一内环之内' },
  'hole-encloses-shell': { en: 'a hole encloses the exterior ring', zh: '有内环包住了外环' },
  'polygons-overlap': { en: 'its parts overlap', zh: '其各部分相互重叠' },
  'nothing-left': { en: 'no ring has an area', zh: '没有任何环有面积' },
  'still-invalid': { en: 'the repaired geometry would still be invalid', zh: '修复后的几何仍然无效' },
};

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

function firstPosition(g: Geometry): [number, number] | undefined {
  let p: Position | undefined;
  if (g.type === 'Polygon') p = g.coordinates[0]?.[0];
  else if (g.type === 'MultiPolygon') p = g.coordinates[0]?.[0]?.[0];
  return p ? [p[0], p[1]] : undefined;
}

const flat = (p: Position): Position => (p.length > 2 ? [p[0], p[1]] : p);

/** The first position with more than two numbers, if any. */
function firstPositionWithZ(g: { coordinates: unknown }): Position | null {
  const walk = (x: unknown): Position | null => {
    if (!Array.isArray(x)) return null;
    if (typeof x[0] === 'number') return x.length > 2 ? (x as Position) : null;
    for (const y of x) {
      const found = walk(y);
      if (found) return found;
    }
    return null;
  };
  return walk(g.coordinates);
}

/** Reads the first rows: the CRS and the mapping the planner starts from. */
export async function surveyImport(source: SourceLayer, plan: ImportPlan): Promise<Survey> {
  const extent = emptyExtent();
  const rows: Array<Record<string, unknown>> = [];
  for await (const f of source.features()) {
    if (f.geometry) extendExtent(extent, f.geometry);
    rows.push(f.properties);
    if (rows.length >= SAMPLE) break;
  }
  // The planner's choice is checked against the numbers as the file's own would be: zone 38
  // read as zone 37 still lands in China, so only the numbers can tell.
  const hint = plan.crs ? { kind: 'epsg' as const, code: plan.crs } : source.crs;
  const detection: Detection = detectCrs(hint, extent, { acceptDatumShift: plan.acceptDatumShift });
  const suggested = suggestMapping(plan.layer, source.fields, rows);
  const mapping = plan.mapping ?? suggested.mapping;
  // The land-use notes follow the field the planner chose, not only the suggested one.
  const values = plan.layer === 'parcels' && plan.mapping ? suggestLandUseValues(rows, plan.mapping.fields.landUse, source.fields) : null;
  const preview = rows.slice(0, 10).map((row) => {
    const { id, properties } = mapProperties(row, mapping);
    return { id, ...properties };
  });
  const notes = values ? values.notes : suggested.notes;
  const unknownLandUse = (values ? values.unknown : suggested.unknownLandUse).filter((code) => !(code in mapping.landUseValues));
  return { detection, extent, suggestions: suggestCrs(extent), mapping, notes, unknownLandUse, preview };
}

function spatialIndex(items: ReadonlyArray<{ geometry: AreaGeometry }>): Flatbush | null {
  if (items.length === 0) return null;
  const index = new Flatbush(items.length);
  for (const item of items) {
    const [minX, minY, maxX, maxY] = bboxOf(polygonsOf(item.geometry));
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  return index;
}

/** Checks every feature; sends the good ones on in chunks. Writes nothing itself. */
export async function prepareImport(source: SourceLayer, plan: ImportPlan, existing: Existing = NOTHING_EXISTING, hooks: PrepareHooks = {}): Promise<PreparedImport> {
  const survey = await surveyImport(source, plan);
  const { detection, mapping } = survey;
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const repairs: RepairRecord[] = [];
  let errorCount = 0;
  let repairCount = 0;
  const fail = (p: ImportProblem): void => {
    errorCount++;
    if (errors.length < MAX_LISTED) errors.push(p);
  };
  const result = (count: number, areaM2: number): PreparedImport => ({ ...survey, count, areaM2, errors, warnings, errorCount, repairs, repairCount });
  if (detection.code === null) {
    const problem = detection.problem ?? { code: 'need-crs', en: 'the CRS of this file is unknown: choose it', zh: '无法确定该文件的坐标系：请选择' };
    fail({ feature: source.name, field: 'crs', en: problem.en, zh: problem.zh });
    return result(0, 0);
  }
  const toLonLat = reprojector(detection.code);
  const parcelIndex = plan.layer === 'parcels' ? spatialIndex(existing.parcels) : null;
  const zoneIndex = plan.layer === 'parcels' ? spatialIndex(existing.zones) : null;
  // one overlap index per existing parcel/zone a feature's box meets, built on first use:
  // at most one per existing geometry, dropped when the import ends
  const indexes = new Map<AreaGeometry, PolygonIndex>();
  const indexOf = (g: AreaGeometry): PolygonIndex => {
    let index = indexes.get(g);
    if (!index) indexes.set(g, (index = unionIndex([g])));
    return index;
  };
  const toFlatLonLat = (p: Position): Position => flat(toLonLat(p));
  const seen = new Set<string>();
  const lonLatExtent = emptyExtent();
  let chunk: ImportFeature[] = [];
  let count = 0;
  let areaM2 = 0;
  let n = 0;
  for await (const raw of source.features()) {
    if (hooks.signal?.aborted) throw new ImportCancelled();
    n++;
    const { id: mappedId, properties } = mapProperties(raw.properties, mapping);
    const id = mappedId ?? (raw.id !== undefined ? String(raw.id) : `${ID_PREFIX[plan.layer]}-${source.name}-${n}`);
    const label = mappedId ?? `#${n}`;
    if (!raw.geometry) {
      fail({ feature: label, field: 'geometry', en: `${label} has no geometry: draw it or remove the record`, zh: `${label} 没有几何图形：请补绘或删除该记录` });
      continue;
    }
    if (raw.geometry.type !== 'Polygon' && raw.geometry.type !== 'MultiPolygon') {
      fail({ feature: label, field: 'geometry', en: `${label} is a ${raw.geometry.type}; ${plan.layer} must be polygons: export them as polygons`, zh: `${label} 是 ${raw.geometry.type}；${plan.layer} 必须是面要素：请导出为多边形` });
      continue;
    }
    // A height is refused here as on every other write path (see validity.ts), not dropped unseen.
    const withZ = firstPositionWithZ(raw.geometry);
    if (withZ) {
      fail({ feature: label, field: 'geometry', en: `${label} has coordinates with a height (${JSON.stringify(withZ)}): positions are [x, y] without Z; drop the Z values (QGIS: Drop M/Z Values; ogr2ogr -dim XY) and import the file again`, zh: `${label} 的坐标含高程（${JSON.stringify(withZ)}）：坐标应为不含 Z 值的 [x, y]；请去掉 Z 值（QGIS：删除 M/Z 值；ogr2ogr -dim XY）后重新导入` });
      continue;
    }
    let geometry = reprojectGeometry(raw.geometry, toFlatLonLat) as AreaGeometry;
    extendExtent(lonLatExtent, geometry);
    let problems = geometryProblems(geometry);
    let unrepaired: RepairReasonCode | undefined;
    if (plan.repair && problems.length > 0) {
      const repaired = repairGeometry(geometry);
      if (repaired.geometry) {
        const before = geometry;
        geometry = repaired.geometry;
        repairCount++;
        if (repairs.length < MAX_LISTED) {
          const areaBeforeM2 = problems.every((g) => AREA_STILL_MEANS.has(g.code)) ? geometryArea(before) : null;
          repairs.push({ feature: label, before, after: geometry, actions: repaired.actions, at: repaired.actions.find((a) => a.at)?.at ?? firstPosition(before), areaBeforeM2, areaAfterM2: geometryArea(geometry) });
        }
        problems = [];
      } else {
        unrepaired = repaired.reason;
      }
    }
    const at = firstPosition(geometry);
    let bad = false;
    for (const g of problems) {
      bad = true;
      if (!unrepaired) {
        fail({ feature: label, field: 'geometry', at: g.at ?? at, en: g.message, zh: g.messageZh });
        continue;
      }
      const why = REPAIR_REASON[unrepaired];
      fail({ feature: label, field: 'geometry', at: g.at ?? at, en: `${g.message} (not repaired: ${why.en})`, zh: `${g.messageZh}（无法自动修复：${why.zh}）`, repairReason: unrepaired });
    }
    for (const a of attributeProblems(plan.layer, properties)) {
      bad = true;
      fail({ feature: label, field: a.field, at, en: a.message, zh: a.messageZh });
    }
    if (seen.has(id)) {
      bad = true;
      fail({ feature: label, field: 'id', at, en: `id ${id} occurs more than once in the file: ids must be unique (map another field as the id, or fix the duplicates)`, zh: `编号 ${id} 在文件中重复：编号必须唯一（请选择其他字段作为编号，或修正重复项）` });
    }
    seen.add(id);
    if (existing.ids.has(id)) {
      bad = true;
      fail({ feature: label, field: 'id', at, en: `id ${id} is taken in this project: import into another project, or map another field as the id`, zh: `编号 ${id} 在本项目中已存在：请导入到其他项目，或选择其他字段作为编号` });
    }
    if (!bad && (parcelIndex || zoneIndex)) {
      const [minX, minY, maxX, maxY] = bboxOf(polygonsOf(geometry));
      for (const i of parcelIndex?.search(minX, minY, maxX, maxY) ?? []) {
        const other = existing.parcels[i];
        const overlap = indexOf(other.geometry).overlapArea(geometry);
        if (overlap > OVERLAP_TOLERANCE_M2) {
          bad = true;
          fail({ feature: label, field: 'geometry', at, en: `${label} overlaps parcel ${other.id} by ${overlap.toFixed(1)} m²: fix the boundary in the file, or delete or adjust ${other.id} first`, zh: `${label} 与地块 ${other.id} 重叠 ${overlap.toFixed(1)} 平方米：请修正文件中的边界，或先删除、调整 ${other.id}` });
        }
      }
      if (zoneIndex) {
        const inside = zoneIndex.search(minX, minY, maxX, maxY).some((i) => indexOf(existing.zones[i].geometry).overlapArea(geometry) > OVERLAP_TOLERANCE_M2);
        if (!inside && warnings.length < MAX_LISTED) {
          warnings.push({ feature: label, field: 'geometry', at, en: `${label} lies outside every industrial block: it counts as industrial land outside the red lines (W25-3)`, zh: `${label} 不在任何工业区块内：将计为红线外的工业用地（W25-3）` });
        }
      }
    }
    if (bad) continue;
    count++;
    areaM2 += geometryArea(geometry);
    chunk.push({ id, properties, geometry });
    if (chunk.length >= CHUNK) {
      // Once a problem is found nothing will be written: stop sending, keep checking.
      if (errorCount === 0) await hooks.onChunk?.(chunk);
      chunk = [];
    }
    if (n % 500 === 0) hooks.onProgress?.(n, source.count);
  }
  const outside = checkInChina(lonLatExtent, detection);
  if (outside) fail({ feature: source.name, field: 'crs', en: outside.en, zh: outside.zh });
  if (chunk.length > 0 && errorCount === 0) await hooks.onChunk?.(chunk);
  hooks.onProgress?.(n, source.count);
  return result(count, areaM2);
}
