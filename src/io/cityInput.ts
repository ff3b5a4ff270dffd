// Turns raw layers into a City, or into the full list of what is wrong with them:
// which file, which feature, which field or ring, and what to do. All or nothing.
import type { AreaFeature, City, LayerName } from '../domain/schema/kinds';
import { LAYER_NAMES } from '../domain/schema/kinds';
import { checkFeature } from './checkFeature';
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
    const checked = checkFeature(layer, raw, index);
    checked.aliases.forEach((to, from) => used.set(from, to));
    const feature = checked.label;
    for (const p of checked.problems) problems.push({ file, feature, ...p });
    if (checked.id === null) problems.push({ file, feature, field: 'id', message: 'the feature has no id: give every feature a unique "id" (or an id property)' });
    else if (seen.has(checked.id)) problems.push({ file, feature, field: 'id', message: `id ${checked.id} is used again (first at feature #${(seen.get(checked.id) as number) + 1}): ids must be unique` });
    else seen.set(checked.id, index);
    out.push({ id: feature, properties: checked.properties, geometry: checked.geometry });
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
