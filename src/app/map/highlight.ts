// The layers the editor adds over the planning styles: an invisible fill per kind to hit
// (zones are drawn as outlines only, yet a click inside one should find it) and an outline
// showing hover and selection through feature-state, so neither touches the data.
import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import { sourceId } from './featureSources';

export const hitLayerId = (layer: LayerName): string => `hit-${layer}`;
export const highlightLayerId = (layer: LayerName): string => `highlight-${layer}`;

/** Which kind a click picks first when several are under the pointer. */
export const PICK_ORDER: readonly LayerName[] = ['parcels', 'parks', 'zones', 'districts'];

/** The minimum zoom of each kind's hit layer: parcels are not drawn below it either. */
export const PARCEL_MIN_ZOOM = 11;

export function highlightLayers(layer: LayerName, visible: boolean): LayerSpecification[] {
  const visibility = visible ? 'visible' : 'none';
  const minzoom = layer === 'parcels' ? PARCEL_MIN_ZOOM : 0;
  return [
    { id: hitLayerId(layer), type: 'fill', source: sourceId(layer), minzoom, layout: { visibility }, paint: { 'fill-color': '#000000', 'fill-opacity': 0 } },
    {
      id: highlightLayerId(layer),
      type: 'line',
      source: sourceId(layer),
      minzoom,
      layout: { visibility, 'line-join': 'round' },
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#00e5ff', '#ffd400'],
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, ['boolean', ['feature-state', 'hover'], false], 2, 0],
      },
    },
  ];
}

export function setFeatureFlag(map: MapLibreMap, layer: LayerName, id: string, flag: 'selected' | 'hover', on: boolean): void {
  if (map.getSource(sourceId(layer))) map.setFeatureState({ source: sourceId(layer), id }, { [flag]: on });
}

export const ALL_HIT_LAYERS = LAYER_NAMES.map(hitLayerId);
