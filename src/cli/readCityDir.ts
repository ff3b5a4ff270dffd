// Reads a folder holding one file per layer (districts, zones, parks, parcels), each
// .geojson or .fgb, into a validated City.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CityInputError, cityFromLayers, type CityRead, type InputProblem, type LayerInput } from '../io/cityInput';
import { ParseError, parseLayer, type LayerFormat } from '../io/parseLayer';
import { LAYER_NAMES, type LayerName } from '../domain/schema/kinds';

const FORMATS: readonly LayerFormat[] = ['geojson', 'fgb'];

export async function readCityDir(dir: string): Promise<CityRead> {
  if (!existsSync(dir)) throw new CityInputError([{ file: dir, feature: null, message: 'no such folder' }]);
  const problems: InputProblem[] = [];
  const layers: Partial<Record<LayerName, LayerInput>> = {};
  for (const layer of LAYER_NAMES) {
    const found = FORMATS.map((format) => ({ format, path: join(dir, `${layer}.${format}`) })).filter((f) => existsSync(f.path));
    if (found.length === 0) {
      problems.push({ file: join(dir, `${layer}.geojson`), feature: null, message: `missing layer file: put the ${layer} layer in ${layer}.geojson or ${layer}.fgb (an empty FeatureCollection if the city has none)` });
      continue;
    }
    if (found.length > 1) {
      problems.push({ file: found.map((f) => f.path).join(' and '), feature: null, message: `two files for the ${layer} layer: keep one` });
      continue;
    }
    const { format, path } = found[0];
    try {
      layers[layer] = { file: path, parsed: await parseLayer(format, new Uint8Array(readFileSync(path))) };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push({ file: path, feature: null, message: e.message });
    }
  }
  if (problems.length > 0) throw new CityInputError(problems);
  return cityFromLayers(layers as Record<LayerName, LayerInput>);
}
