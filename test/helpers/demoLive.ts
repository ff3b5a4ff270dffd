// The demo city read as the report worker reads it (test helper, not a test).
import { readFileSync } from 'node:fs';
import { LAYER_NAMES, type City, type LayerName } from '../../src/domain/schema/kinds';
import { cityFromLayers, type LayerInput } from '../../src/io/cityInput';

export function demoCity(): City {
  const dir = new URL('../../data/demo/wuhan/', import.meta.url);
  const layers = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, { file: layer, parsed: JSON.parse(readFileSync(new URL(`${layer}.geojson`, dir), 'utf8')) }])) as Record<LayerName, LayerInput>;
  return cityFromLayers(layers).city;
}
