// One feature as it arrives (a file, an API request): GeoJSON structure, id, geometry and
// attributes checked with the domain's rules, planners' field names read as aliases.
// The CLI's layer reader and the server's write path both go through here.
import { isFeature } from 'geojson-validation';
import { geometryProblems } from '../domain/geometry/validity';
import { attributeProblems } from '../domain/schema/attributes';
import type { AreaGeometry, LayerName } from '../domain/schema/kinds';
import { applyAliases } from './fieldAliases';

export interface FeatureCheckProblem {
  field?: string;
  message: string;
}

export interface CheckedFeature {
  /** the feature's own id (feature.id, else an id property or alias), null when it has none */
  id: string | null;
  /** the id, or #n (1-based position) for messages */
  label: string;
  /** attributes without the id */
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
  problems: FeatureCheckProblem[];
  /** planners' field names read as interchange attributes (DKBH → id …) */
  aliases: Map<string, string>;
}

export function checkFeature(layer: LayerName, raw: unknown, index: number): CheckedFeature {
  const structural = isFeature(raw, true);
  const f = (typeof raw === 'object' && raw !== null ? raw : {}) as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
  const { props, used } = applyAliases(layer, f.properties ?? {});
  const rawId = f.id ?? props.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
  const properties = { ...props };
  delete properties.id;
  const checked: CheckedFeature = { id, label: id ?? `#${index + 1}`, properties, geometry: f.geometry as AreaGeometry, problems: [], aliases: used };
  if (structural.length > 0) {
    checked.problems.push({ message: `not a valid GeoJSON Feature: ${structural.join('; ')}` });
    return checked;
  }
  for (const g of geometryProblems(f.geometry)) checked.problems.push({ field: 'geometry', message: g.message });
  for (const a of attributeProblems(layer, props)) checked.problems.push({ field: a.field, message: a.message });
  return checked;
}
