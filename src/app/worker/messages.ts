// The messages between the app (main thread) and the report worker. Types and one
// constant only: both sides import this file, neither imports the other.
import type { Bilingual, Report, RuleResult, Scope } from '../../domain/policy/pack';
import type { PriceTable } from '../../domain/pricing/priceTable';
import type { Breakdown } from '../../domain/policy/breakdown';
import type { Contribution } from '../../domain/policy/contributions';
import type { FloorRowData, FloorTableInfo } from '../../domain/report/floorRows';
import type { Lang } from '../../domain/policy/evaluate';
import type { LayerName } from '../../domain/schema/kinds';
import type { InputProblem } from '../../io/cityInput';

export type { Lang as ReportLang };

/** A shipped policy pack as the pack selector needs it. */
export interface PackInfo {
  id: string;
  version: string;
  title: Bilingual;
  rules: number;
}

/**
 * One result row as sent to the app: the domain's `RuleResult` with its `features`
 * (the ids of every parcel or park behind the figure, up to ~20 000 strings for a
 * city-wide rule) replaced by their number, to keep messages small, and with the kind
 * of scope the rule is evaluated over (for "100 个园区" above a rule's per-park rows).
 */
export type ReportRow = Omit<RuleResult, 'features'> & { featureCount: number; scopeKind: ScopeKind };

export type ScopeKind = Scope['each'];

export type ReportView = Omit<Report, 'rules'> & { rules: ReportRow[] };

export type LayerCounts = Record<LayerName, number>;

/** Milliseconds spent on each step of loading a city, in the worker. */
export interface LoadTiming {
  validate: number;
  facts: number;
  total: number;
}

// --- app → worker ----------------------------------------------------------------------

export interface EvaluateRequest {
  type: 'evaluate';
  /** echoed in the answer, so the app can drop answers it no longer wants */
  requestId: number;
  /** the packs the dashboard shows, in its order */
  packIds: string[];
  lang: Lang;
}

/** The project's price tables (shipped ones replaced by the project's own versions, same ids). */
export interface TablesRequest {
  type: 'tables';
  tables: PriceTable[];
}

/** The snapshot rules like CQ-3 compare against; null: none chosen. */
export interface BaselineRequest {
  type: 'baseline';
  baseline: { snapshotId: string; name: string; layers: Record<LayerName, unknown[]> } | null;
}

/** A question about the current city, answered once (`AnswerMessage` with the same queryId). */
export interface QueryRequest {
  type: 'query';
  queryId: number;
  query: WorkerQuery;
}

export type WorkerQuery =
  /** the features behind one result (rule and scope) */
  | { kind: 'features'; packId: string; ruleId: string; scope: string }
  /** one result broken down: city → districts / national zones → parks → parcels */
  | { kind: 'breakdown'; packId: string; ruleId: string; scope: string; lang: Lang }
  /** what one parcel contributes to each result of these packs */
  | { kind: 'contributions'; packIds: string[]; parcelId: string; lang: Lang }
  /** every parcel's price floor under a pack's pricing rule */
  | { kind: 'floorRows'; packId: string; lang: Lang };

export interface FeaturesAnswer {
  kind: 'features';
  ids: Partial<Record<LayerName, string[]>>;
  /** [minLon, minLat, maxLon, maxLat] of those features, null when there are none */
  bbox: [number, number, number, number] | null;
}

// The answers' rows are the domain's own types.
export type { PlaceKind as BreakdownLevelKind, PlaceLevel as BreakdownLevel, PlaceRow as BreakdownRow } from '../../domain/policy/breakdown';
export type { Contribution as ContributionRow } from '../../domain/policy/contributions';
export type { FloorRowData as FloorRow } from '../../domain/report/floorRows';

export type BreakdownAnswer = Breakdown;

export const MAX_BREAKDOWN_PARCELS = 50;

export interface ContributionsAnswer {
  kind: 'contributions';
  parcelId: string;
  rows: Contribution[];
}

export interface FloorRowsAnswer {
  kind: 'floorRows';
  packId: string;
  rows: FloorRowData[];
  /** the tables these floors used */
  tables: FloorTableInfo[];
}

export type WorkerAnswer = FeaturesAnswer | BreakdownAnswer | ContributionsAnswer | FloorRowsAnswer;
export type AnswerOf<K extends WorkerQuery['kind']> = Extract<WorkerAnswer, { kind: K }>;

/** The project's features as the editor holds them now (after loading and after each edit). */
export interface CityRequest {
  type: 'city';
  layers: Record<LayerName, unknown[]>;
}

/** What changed since: sent on every edit, so the page never copies the whole city again. */
export interface CityDiffRequest {
  type: 'diff';
  /** numbers the edits: reports say which edit they include (`citySeq`) */
  seq: number;
  diffs: Array<{ layer: LayerName; upserted: Array<{ id: string }>; removed: string[] }>;
}

export type WorkerRequest = CityRequest | CityDiffRequest | EvaluateRequest | TablesRequest | BaselineRequest | QueryRequest;

// --- worker → app ----------------------------------------------------------------------

/** Sent as soon as the worker starts, before any city is loaded. */
export interface PacksMessage {
  type: 'packs';
  packs: PackInfo[];
}

export interface LoadedMessage {
  type: 'loaded';
  layers: LayerCounts;
  timing: LoadTiming;
}

export interface PackReport {
  packId: string;
  report: ReportView;
  /** ms spent evaluating (when first computed, for a report from the worker's cache) */
  evaluateMs: number;
  /** the worker had computed this pack in this language before */
  cached: boolean;
}

export interface ReportMessage {
  type: 'report';
  requestId: number;
  lang: Lang;
  /** the newest edit (`CityDiffRequest.seq`) these reports include; 0 for the loaded city */
  citySeq: number;
  /** the baseline snapshot rules compared against, if any */
  baselineId: string | null;
  reports: PackReport[];
  /** ms the worker spent on the messages behind this report (applying edits, evaluating) */
  workMs: number;
}

export interface AnswerMessage {
  type: 'answer';
  queryId: number;
  answer?: WorkerAnswer;
  /** why the query could not be answered (unknown pack, rule or parcel) */
  error?: string;
}

export type WorkerErrorKind =
  /** a layer is not readable, or its features are invalid (see `problems`) */
  | 'input'
  /** no shipped pack has this id */
  | 'unknown-pack'
  /** a bug: anything else thrown in the worker */
  | 'internal';

export interface ErrorMessage {
  type: 'error';
  kind: WorkerErrorKind;
  /** set when the error answers an evaluate request */
  requestId?: number;
  message: string;
  /** what is wrong with the input, at most MAX_PROBLEMS of them */
  problems: InputProblem[];
  /** how many problems there are in all */
  problemCount: number;
}

/** Problems sent with an error at most (a broken file can have one per feature). */
export const MAX_PROBLEMS = 200;

/** The price floor per m² of every parcel under a pack's pricing rule (null: none applies), for the map. */
export interface FloorsMessage {
  type: 'floors';
  packId: string;
  /** the floors that changed since the last message (every parcel's when `full`) */
  floors: Array<[id: string, yuanPerM2: number | null]>;
  /** parcels gone since the last message */
  removed: string[];
  /** true: `floors` is every parcel's, replacing what the app holds */
  full: boolean;
  /** parcels whose recorded sale price is below their floor (flagged on the map), all of them */
  breaches: string[];
}

/** The pack whose price floors colour the map. */
export const FLOOR_PACK = 'wuhan-2025';

export type WorkerResponse = PacksMessage | LoadedMessage | ReportMessage | FloorsMessage | AnswerMessage | ErrorMessage;
