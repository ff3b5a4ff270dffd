// The policy-pack format: a pack is data (data/policies/<id>.json, checked against
// data/policies/pack.schema.json), and every rule names one metric of metrics.ts.
import type { DistrictKind, ParcelStatus, ParkTier, SupplyMode } from '../schema/kinds';

export interface Bilingual {
  zh: string;
  en: string;
}

export type Unit = 'km2' | 'ratio' | 'count' | 'wan-yuan-per-mu' | 'yi-yuan-per-km2' | 'wan-yuan' | 'yuan';

export type Comparison = '>=' | '>' | '<=' | '<' | 'approx';

/** Where a rule is evaluated; one result per scope. */
export type Scope =
  /** a key and name tell apart two city-wide results of one rule (W25-6: ≥ 1000亿, ≥ 100亿) */
  | { each: 'city'; key?: string; name?: Bilingual }
  /** every district of these kinds, and every district whose name contains one of these names */
  | { each: 'district'; kinds?: DistrictKind[]; names?: string[] }
  | { each: 'tier'; tiers?: ParkTier[] }
  | { each: 'park'; tiers?: ParkTier[] };

export type ParcelFlag = 'priorityIndustry' | 'encouragedManufacturing' | 'standardFactory' | 'standardLand' | 'netLand';
export type ParkFlag = 'upgradeTarget' | 'designated' | 'renovated' | 'digitalEconomy';

export interface ParcelFilter {
  /** land use among the pack's industrial codes */
  industrial?: boolean;
  /** land use matching one of these codes (or their children) */
  landUse?: string[];
  /** a status list, or the pack's named groups */
  status?: ParcelStatus[] | 'existing' | 'developed';
  flags?: Partial<Record<ParcelFlag, boolean>>;
  supplyYearMin?: number;
  supplyModes?: SupplyMode[];
  /** weight each parcel by the share of it inside the union of (upgrade-target) parks */
  within?: 'parks' | 'upgradeParks';
}

export interface ParkFilter {
  tiers?: ParkTier[];
  /** output ≥ this, 亿元 */
  minOutput?: number;
  /** output > this, 亿元 */
  outputAbove?: number;
  flags?: Partial<Record<ParkFlag, boolean>>;
}

export type Metric =
  /** Σ area of matching parcels, clipped to the scope */
  | { kind: 'parcelArea'; filter: ParcelFilter }
  /** area of `part` among the parcels matching `filter` */
  | { kind: 'parcelShare'; filter: ParcelFilter; part: ParcelFilter }
  | { kind: 'parkCount'; filter: ParkFilter }
  /** area of the union of matching parks in the scope */
  | { kind: 'parkArea'; filter: ParkFilter }
  /** per park: numerator ÷ denominator of two park attributes; optionally 2–3 characteristic industries */
  | { kind: 'parkRatio'; numerator: 'leadingRevenue' | 'characteristicOutput'; denominator: 'revenue' | 'output'; industriesBetween?: [number, number] }
  /** area-weighted mean of a per-mu parcel attribute */
  | { kind: 'areaWeightedMean'; field: 'taxPerMu'; filter: ParcelFilter }
  /** Σ output (万元 → 亿元) ÷ Σ area (km²) */
  | { kind: 'outputIntensity'; filter: ParcelFilter }
  /** Σ revenue inside parks ÷ Σ revenue */
  | { kind: 'revenueShareInParks'; filter: ParcelFilter }
  | { kind: 'zoneCount' }
  /** parcels whose recorded sale price is below their price floor */
  | { kind: 'priceFloorBreaches'; filter: ParcelFilter }
  /** industrial area now minus in the baseline snapshot */
  | { kind: 'baselineChange'; filter: ParcelFilter }
  /** share of parks whose leading industries include one of their district's */
  | { kind: 'industryMatch' }
  /** Σ min(yuanPerM2 × floor area, cap) over matching parcels, in 万元 */
  | { kind: 'subsidy'; filter: ParcelFilter; yuanPerM2: number; capWanYuan: number };

export type MetricKind = Metric['kind'];

export interface Rule {
  id: string;
  title: Bilingual;
  /** the clause in the source text, in Chinese */
  clause: string;
  scope: Scope;
  metric: Metric;
  unit: Unit;
  compare?: Comparison;
  /** absent: an informational rule (the clause sets no figure) */
  threshold?: number;
  /** thresholds that differ by park tier or district kind */
  thresholdBy?: { tier?: Partial<Record<ParkTier, number>>; districtKind?: Partial<Record<DistrictKind, number>> };
  /** relative band: a pass this close to the threshold is a warning; for 'approx', the tolerance */
  warnWithin?: number;
  note?: Bilingual;
}

/** How the pack turns a parcel into a land-sale price floor (W25-7, CQ-1, CQ-2). */
export interface PricingRule {
  rules: string[];
  table: string;
  /** factor applied when every condition holds, e.g. 0.7 */
  discount: number;
  discountWhen: { flags?: Partial<Record<ParcelFlag, boolean>>; minParkShare?: number };
  /** 'above-1': the floor scales with FAR when FAR > 1 (prices are per m² at FAR 1.0) */
  farCorrection: 'none' | 'above-1';
  /** CQ-2: standard factories are priced at this FAR whatever their planned FAR */
  standardFactoryFar?: number;
  /** the condition in words, for the floor's reason */
  discountReason: Bilingual;
}

export interface PolicyPack {
  id: string;
  version: string;
  title: Bilingual;
  source: { file: string; title: string; date?: string };
  /** land-use codes that count as industrial land (children included; a class whose 2023 sub-classes are all listed too: 1001 under 100101–100103) */
  industrialLandUse: string[];
  /** statuses that make land "existing" (现状) */
  existingStatuses: ParcelStatus[];
  /** statuses that make land "developed" (已开发利用) */
  developedStatuses: ParcelStatus[];
  pricing?: PricingRule;
  rules: Rule[];
}

export type RuleStatus = 'pass' | 'warn' | 'fail' | 'n/a';

export interface RuleResult {
  id: string;
  /** 'city', a district id, a tier ('tier:modern') or a park id */
  scope: string;
  scopeName: string;
  title: string;
  clause: string;
  value: number | null;
  unit: Unit;
  compare: Comparison | null;
  threshold: number | null;
  status: RuleStatus;
  /** value − threshold, in the rule's unit (negative: short of a minimum) */
  gap: number | null;
  /** why a rule is n/a or failed beyond its figure */
  reason?: string;
  /** ids of the features that make up the value */
  features: string[];
}

/** Something the figures rest on that the data did not say (parcels whose status was assumed). */
export interface ReportAssumption {
  kind: 'status';
  status: ParcelStatus;
  /** how many parcels carry the assumed status */
  parcels: number;
  /** the assumption in words, in the report's language */
  text: string;
}

export interface Report {
  policy: string;
  version: string;
  title: string;
  rules: RuleResult[];
  /** present only when the figures rest on assumptions */
  assumptions?: ReportAssumption[];
}
