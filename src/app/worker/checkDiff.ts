// The editor's changed features checked as cityFromLayers checks a whole layer (io's
// per-feature check), so the report worker validates an edit without re-reading the city.
import type { AreaFeature, LayerName } from '../../domain/schema/kinds';
import { checkFeature } from '../../io/checkFeature';
import type { InputProblem } from '../../io/cityInput';

export interface CheckedLayer {
  features: AreaFeature<unknown>[];
  problems: InputProblem[];
}

/** Checks raw features of one layer; the features are usable only when there are no problems. */
export function checkLayerFeatures(layer: LayerName, raws: readonly unknown[]): CheckedLayer {
  const problems: InputProblem[] = [];
  const features = raws.map((raw, index): AreaFeature<unknown> => {
    const checked = checkFeature(layer, raw, index);
    for (const p of checked.problems) problems.push({ file: layer, feature: checked.label, ...p });
    if (checked.id === null) problems.push({ file: layer, feature: checked.label, field: 'id', message: 'the feature has no id: give every feature a unique "id" (or an id property)' });
    return { id: checked.label, properties: checked.properties, geometry: checked.geometry };
  });
  return { features, problems };
}
