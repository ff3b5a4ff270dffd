// The editor's tools: what a pointer gesture on the map means. One tool at a time; each
// maps to a terra-draw mode (or none), and has a keyboard shortcut and a tooltip.
import type { LayerName } from '../../domain/schema/kinds';
import type { DrawMode } from '../map/drawing';

export type Tool = 'select' | 'draw-parcel' | 'draw-park' | 'draw-zone' | 'reshape' | 'split' | 'hole';

export interface ToolSpec {
  drawMode: DrawMode;
  /** the key that picks the tool (without modifiers) */
  key: string;
  /** the layer the tool draws into */
  draws?: LayerName;
}

export const TOOLS: Readonly<Record<Tool, ToolSpec>> = {
  select: { drawMode: 'idle', key: 'v' },
  'draw-parcel': { drawMode: 'polygon', key: 'p', draws: 'parcels' },
  'draw-park': { drawMode: 'polygon', key: 'k', draws: 'parks' },
  'draw-zone': { drawMode: 'polygon', key: 'b', draws: 'zones' },
  reshape: { drawMode: 'reshape', key: 'e' },
  split: { drawMode: 'line', key: 's' },
  hole: { drawMode: 'polygon', key: 'h' },
};

export const TOOL_ORDER: readonly Tool[] = ['select', 'draw-parcel', 'draw-park', 'draw-zone', 'reshape', 'split', 'hole'];

export function toolForKey(key: string): Tool | undefined {
  return TOOL_ORDER.find((tool) => TOOLS[tool].key === key.toLowerCase());
}
