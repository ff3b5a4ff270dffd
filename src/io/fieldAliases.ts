// Attribute names planners' files use (land-survey and planning conventions), read as
// the interchange attributes when the file does not already carry those. The originals
// stay in the feature as the user's own attributes.
import type { LayerName } from '../domain/schema/kinds';

export const FIELD_ALIASES: Readonly<Record<LayerName, Readonly<Record<string, readonly string[]>>>> = {
  parcels: {
    id: ['DKBH', '地块编号', 'BSM'],
    name: ['DKMC', '地块名称'],
    landUse: ['DLBM', '地类编码', 'YDDM', 'YDXZ', '用地性质', '用地代码'],
    grade: ['DJ', '等别', 'TDDB'],
    far: ['RJL', '容积率'],
    notes: ['BZ', '备注'],
  },
  parks: { id: ['YQBH', '园区编号'], name: ['YQMC', '园区名称'] },
  zones: { id: ['QKBH', '区块编号'], name: ['QKMC', '区块名称'] },
  districts: { id: ['XZQDM', '行政区代码'], name: ['XZQMC', '行政区名称'], code: ['XZQDM', '行政区代码'] },
};

/** Fills absent interchange fields from their aliases; returns the props and what was read as what. */
export function applyAliases(layer: LayerName, props: Record<string, unknown>): { props: Record<string, unknown>; used: Map<string, string> } {
  const out = { ...props };
  const used = new Map<string, string>();
  for (const [field, aliases] of Object.entries(FIELD_ALIASES[layer])) {
    if (out[field] !== undefined && out[field] !== null && out[field] !== '') continue;
    const alias = aliases.find((a) => props[a] !== undefined && props[a] !== null && props[a] !== '');
    if (alias === undefined) continue;
    out[field] = props[alias];
    used.set(alias, field);
  }
  return { props: out, used };
}
