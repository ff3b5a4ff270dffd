// The messages between the app (main thread) and the report worker. Types and one
// constant only: both sides import this file, neither imports the other.
import type { Bilingual, Report, RuleResult, Scope } from '../../domain/policy/pack';
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
  packId: string;
  lang: Lang;
}

/** The project's features as the editor holds them now (after loading and after each edit). */
export interface CityRequest {
  type: 'city';
  layers: Record<LayerName, unknown[]>;
}

/** What changed since: sent on every edit, so the page never copies the whole city again. */
export interface CityDiffRequest {
  type: 'diff';
  diffs: Array<{ layer: LayerName; upserted: Array<{ id: string }>; removed: string[] }>;
}

export type WorkerRequest = CityRequest | CityDiffRequest | EvaluateRequest;

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

export interface ReportMessage {
  type: 'report';
  requestId: number;
  packId: string;
  lang: Lang;
  report: ReportView;
  /** ms spent evaluating (when first computed, for a report from the worker's cache) */
  evaluateMs: number;
  /** the worker had computed this pack in this language before */
  cached: boolean;
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
  floors: Array<[id: string, yuanPerM2: number | null]>;
}

/** The pack whose price floors colour the map. */
export const FLOOR_PACK = 'wuhan-2025';

export type WorkerResponse = PacksMessage | LoadedMessage | ReportMessage | FloorsMessage | ErrorMessage;
