// What a freshly drawn feature starts with: an id and the fewest attributes that make it a
// valid feature of its layer, so it can be saved at once and tagged in the form after.
import type { LayerName, ParkTier } from '../../domain/schema/kinds';

const PREFIX: Record<LayerName, string> = { parcels: 'P-new', parks: 'pk-new', zones: 'z-new', districts: 'd-new' };

export function newFeatureId(layer: LayerName): string {
  return `${PREFIX[layer]}-${crypto.randomUUID().slice(0, 8)}`;
}

/** 1001 工业用地 until the planner picks the exact class. */
export const NEW_PARCEL_LAND_USE = '1001';

export function newFeatureProperties(layer: LayerName, names: { park: string; zone: string }, tier: ParkTier): Record<string, unknown> {
  if (layer === 'parcels') return { landUse: NEW_PARCEL_LAND_USE };
  if (layer === 'parks') return { name: names.park, tier };
  return { name: names.zone };
}
