// The feature kinds of a city and their interchange attributes (the contract of the
// CLI, the API and the file formats). Units are part of the names' meaning and are
// listed here once: money in 万元 unless a field says 元, areas are always derived.
import type { MultiPolygon, Polygon } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;

export type LayerName = 'districts' | 'zones' | 'parks' | 'parcels';
export const LAYER_NAMES: readonly LayerName[] = ['districts', 'zones', 'parks', 'parcels'];

/** 中心城区 | 新城区 | 国家级开发区 */
export type DistrictKind = 'central' | 'new-city' | 'national-zone';
export const DISTRICT_KINDS: readonly DistrictKind[] = ['central', 'new-city', 'national-zone'];

/** 现代产业园 | 特色产业园 | 都市工业园 */
export type ParkTier = 'modern' | 'specialty' | 'urban';
export const PARK_TIERS: readonly ParkTier[] = ['modern', 'specialty', 'urban'];

/** Parcel lifecycle, in the order land moves through it. */
export type ParcelStatus =
  | 'planned' // 规划
  | 'approved' // 已批（批而未征）
  | 'acquired' // 已征（征而未供）
  | 'supplied' // 已供
  | 'under-construction' // 在建
  | 'producing' // 投产
  | 'idle' // 闲置
  | 'low-efficiency'; // 低效
export const PARCEL_STATUSES: readonly ParcelStatus[] = [
  'planned', 'approved', 'acquired', 'supplied', 'under-construction', 'producing', 'idle', 'low-efficiency',
];

/** 弹性年期出让 | 长期租赁 | 租让结合 | 先租后让 | 一次性出让 */
export type SupplyMode = 'flexible-term' | 'long-lease' | 'lease-and-sale' | 'lease-then-sale' | 'full-term-sale';
export const SUPPLY_MODES: readonly SupplyMode[] = ['flexible-term', 'long-lease', 'lease-and-sale', 'lease-then-sale', 'full-term-sale'];

export interface DistrictProps {
  name: string;
  kind: DistrictKind;
  code?: string;
  /** 一谱一策: the district's leading industries (W21-6). */
  leadingIndustries?: string[];
}

export interface ZoneProps {
  name: string;
  district?: string;
}

export interface ParkProps {
  name: string;
  tier: ParkTier;
  /** District id; when absent the park's district is taken from geometry. */
  district?: string;
  leadingIndustries?: string[];
  /** Characteristic industries (CQ-6), 2–3 expected. */
  characteristicIndustries?: string[];
  /** Part of a key upgrade park (W21-1/2: 升级改造的工业园区). */
  upgradeTarget?: boolean;
  /** 产业名园 designation (W25-9). */
  designated?: boolean;
  /** New or renovated park (QK-4: 新两园). */
  renovated?: boolean;
  /** Digital-economy park (W21-7). */
  digitalEconomy?: boolean;
  /** Annual output value, 亿元. */
  output?: number;
  /** Annual revenue, 亿元. */
  revenue?: number;
  /** Revenue of the leading industries, 亿元 (W25-5). */
  leadingRevenue?: number;
  /** Output of the characteristic industries, 亿元 (CQ-6). */
  characteristicOutput?: number;
  status?: string;
}

export interface ParcelProps {
  name?: string;
  /** A land-use code of one of the tables in landUse.ts. */
  landUse: string;
  status?: ParcelStatus;
  /** 土地等别 1–15 (national minimum price grades). */
  grade?: number;
  priorityIndustry?: boolean;
  encouragedManufacturing?: boolean;
  standardFactory?: boolean;
  standardLand?: boolean;
  netLand?: boolean;
  /** 容积率 */
  far?: number;
  /** 万元/亩 */
  taxPerMu?: number;
  /** Annual output value, 万元. */
  output?: number;
  /** Annual revenue, 万元. */
  revenue?: number;
  /** Year the land was supplied (W21-5, CQ-7). */
  supplyYear?: number;
  supplyMode?: SupplyMode;
  /** Recorded sale price of the whole parcel, 元. */
  salePrice?: number;
  /** Planned or built floor area, m² (CQ-8). */
  floorArea?: number;
  industry?: string;
  projectName?: string;
  notes?: string;
}

export interface AreaFeature<P> {
  id: string;
  properties: P;
  geometry: AreaGeometry;
}

export type District = AreaFeature<DistrictProps>;
export type Zone = AreaFeature<ZoneProps>;
export type Park = AreaFeature<ParkProps>;
export type Parcel = AreaFeature<ParcelProps>;

/** One city's layers, as read from files or the database. */
export interface City {
  districts: District[];
  zones: Zone[];
  parks: Park[];
  parcels: Parcel[];
}
