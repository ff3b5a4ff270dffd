// What one request may carry, and the checks that keep a bad value from reaching the store
// (where it would be a 500: PostgreSQL refuses NUL characters and integers over 2^31 − 1).
import { HttpError } from '../httpError';

/** Request bodies by route: imports are large, everything else is small. */
export const BODY_LIMITS = {
  /** login, project, member, snapshot, mapping, price table, restore */
  small: 1024 * 1024,
  /** one feature, or a batch of edits (a split or merge of detailed parcels) */
  features: 16 * 1024 * 1024,
  /** a GeoJSON import or one staged chunk (2 000 features) */
  import: 64 * 1024 * 1024,
  /** a planner's file sent whole (a 100 000-parcel shapefile zip is ~40 MB) */
  file: 512 * 1024 * 1024,
} as const;

/** JSON deeper than this is refused before it is walked (a MultiPolygon in a batch edit is ~9 levels). */
export const MAX_JSON_DEPTH = 64;

export const TEXT_LIMITS = {
  /** a feature id: it has to fit in a URL path segment */
  id: 100,
  name: 200,
  comment: 1000,
  username: 100,
  password: 1000,
} as const;

/** The largest version or count the store's integers hold. */
export const MAX_INT = 2 ** 31 - 1;

/** A whole number from 1 to 2^31 − 1 (a feature version), or a 400 naming the field. */
export function versionOf(value: unknown, field: string, usage: string): number {
  if (typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INT)
    throw new HttpError(400, 'bad-version', `${field} must be a whole number from 1 to ${MAX_INT} (got ${shortValue(value)}): ${usage}`, { field });
  return value;
}

/** An optional text of at most `max` characters, trimmed; null when absent or blank. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new HttpError(400, 'bad-text', `${field} must be text (got ${shortValue(value)})`, { field });
  if (value.length > max) throw new HttpError(400, 'too-long', `${field} has ${value.length} characters; at most ${max} are allowed: shorten it`, { field });
  return value.trim() || null;
}

/** A required text of 1 to `max` characters. */
export function requiredText(value: unknown, field: string, max: number, usage: string): string {
  const text = optionalText(value, field, max);
  if (text === null) throw new HttpError(400, 'missing-text', `${field} is missing: ${usage}`, { field });
  return text;
}

export function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
