// Turns raw layers into a City, or into the full list of what is wrong with them:
// which file, which feature, which field or ring, and what to do. All or nothing.
import { isFeature } from 'geojson-validation';
import { attributeProblems } from '../domain/schema/attributes';
import type { AreaFeature, AreaGeometry, City, LayerName } from '../domain/schema/kinds';
import { LAYER_NAMES } from '../domain/schema/kinds';
import { geometryProblems } from '../domain/geometry/validity';
import { applyAliases } from './fieldAliases';
import type { ParsedLayer } from './parseLayer';

export interface InputProblem {
  file: string;
  /** the feature's id, or #index when it has none */
  feature: string | null;
  field?: string;
  message: string;
}

export class CityInputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: InputProblem): string {
  return `${p.file}${p.feature ? ` feature ${p.feature}` : ''}${p.field ? ` field ${p.field}` : ''}: ${p.message}`;
}

export interface LayerInput {
  file: string;
  parsed: ParsedLayer;
}

export interface CityRead {
  city: City;
  /** per file: which planners' field names were read as which attributes */
  aliases: Map<string, Map<string, string>>;
}

const GEOGRAPHIC_CRS = /(CRS84|EPSG::?(4326|4490))$/i;

function readLayer(layer: LayerName, input: LayerInput, problems: InputProblem[], aliases: Map<string, Map<string, string>>): AreaFeature<unknown>[] {
  const { file, parsed } = input;
  if (parsed.crs && !GEOGRAPHIC_CRS.test(parsed.crs)) {
    problems.push({ file, feature: null, message: `coordinates are in ${parsed.crs}; ParkAtlas reads lon/lat (EPSG:4490 or 4326): reproject the file first (e.g. ogr2ogr -t_srs EPSG:4490)` });
    return [];
  }
  const out: AreaFeature<unknown>[] = [];
  const seen = new Map<string, number>();
  const used = new Map<string, string>();
  parsed.features.forEach((raw, index) => {
    const label = `#${index + 1}`;
    const structural = isFeature(raw, true);
    const f = raw as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const { props, used: fromAliases } = applyAliases(layer, f.properties ?? {});
    fromAliases.forEach((to, from) => used.set(from, to));
    const rawId = f.id ?? props.id;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
    const feature = id ?? label;
    if (structural.length > 0) {
      problems.push({ file, feature, message: `not a valid GeoJSON Feature: ${structural.join('; ')}` });
      return;
    }
    if (id === null) problems.push({ file, feature, field: 'id', message: 'the feature has no id: give every feature a unique "id" (or an id property)' });
    else if (seen.has(id)) problems.push({ file, feature, field: 'id', message: `id ${id} is used again (first at feature #${(seen.get(id) as number) + 1}): ids must be unique` });
    else seen.set(id, index);
    for (const g of geometryProblems(f.geometry)) problems.push({ file, feature, field: 'geometry', message: g.message });
    for (const a of attributeProblems(layer, props)) problems.push({ file, feature, field: a.field, message: a.message });
    const properties = { ...props };
    delete properties.id;
    out.push({ id: id ?? label, properties, geometry: f.geometry as AreaGeometry });
  });
  if (used.size > 0) aliases.set(file, used);
  return out;
}

/** Validates every layer; returns the city only when nothing is wrong anywhere. */
export function cityFromLayers(layers: Record<LayerName, LayerInput>): CityRead {
  const problems: InputProblem[] = [];
  const aliases = new Map<string, Map<string, string>>();
  const read = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, readLayer(layer, layers[layer], problems, aliases)])) as Record<LayerName, AreaFeature<unknown>[]>;
  if (problems.length > 0) throw new CityInputError(problems);
  return { city: read as unknown as City, aliases };
}
