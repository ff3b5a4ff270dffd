// terra-draw on the map: drawing polygons (parcels, parks, blocks, holes), lines (splits)
// and reshaping one stored feature at a time. terra-draw only proposes geometry; nothing
// here writes — the editor checks each proposal and sends it down the one write path.
// Drags end in one 'finish' event, so a drag is one edit, never a stream of them.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LineString, Polygon } from 'geojson';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawRenderMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AreaGeometry } from '../../domain/schema/kinds';

export type DrawMode = 'idle' | 'polygon' | 'line' | 'reshape';

export interface DrawingEvents {
  /** a polygon was finished (double-click or click on the first vertex) */
  onPolygon(geometry: Polygon): void;
  onLine(geometry: LineString): void;
  /** the feature being reshaped was changed: moved whole (`moved`), or a vertex dragged, inserted or deleted */
  onReshape(id: string, geometry: AreaGeometry, moved: boolean): void;
  /** the polygon being drawn, as it is now (with the cursor as its last vertex); null when none */
  onSketch(geometry: Polygon | null): void;
  /** the feature chosen for reshaping cannot be (a multi-part feature) */
  onReshapeRefused(id: string): void;
}

/** Decimal places terra-draw keeps (its default): about 0.1 mm. */
const PRECISION = 9;

const ACCENT = '#d7191c';
const SKETCH = '#1f6feb';

export class Drawing {
  private readonly draw: TerraDraw;
  private reshaping: string | null = null;

  constructor(map: MapLibreMap, snap: SnapToCustom, private readonly events: DrawingEvents) {
    const snapping = { toCustom: snap, toCoordinate: true };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION }),
      // Stored features keep their own ids while reshaped.
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `sketch-${crypto.randomUUID()}` },
      modes: [
        new TerraDrawRenderMode({ modeName: 'idle', styles: {} }),
        new TerraDrawPolygonMode({
          snapping,
          pointerDistance: 12,
          styles: { fillColor: SKETCH, fillOpacity: 0.15, outlineColor: SKETCH, outlineWidth: 2, closingPointColor: SKETCH, closingPointWidth: 5 },
        }),
        new TerraDrawLineStringMode({ snapping, styles: { lineStringColor: ACCENT, lineStringWidth: 2, closingPointColor: ACCENT } }),
        new TerraDrawSelectMode({
          allowManualDeselection: false,
          flags: {
            polygon: {
              feature: {
                draggable: true,
                coordinates: { draggable: true, deletable: true, midpoints: true, snappable: snapping },
              },
            },
          },
          styles: { selectedPolygonColor: SKETCH, selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: SKETCH, selectedPolygonOutlineWidth: 2, midPointColor: '#ffffff', midPointOutlineColor: SKETCH, selectionPointColor: SKETCH },
        }),
      ],
    });
    this.draw.on('finish', (id, context) => this.finished(String(id), context.mode, context.action));
    this.draw.on('change', () => this.sketchChanged());
    this.draw.start();
    this.draw.setMode('idle');
  }

  setMode(mode: DrawMode): void {
    this.endReshape();
    this.draw.clear();
    this.draw.setMode(mode === 'line' ? 'linestring' : mode === 'reshape' ? 'select' : mode);
    this.events.onSketch(null);
  }

  /**
   * Puts one stored feature under the editing handles (reshape mode). terra-draw holds
   * coordinates to PRECISION decimals, so it gets a rounded copy; the editor gives the
   * untouched vertices their stored values back when the edit ends (restoreExactVertices).
   * Returns false when the feature cannot be reshaped here (a multi-part feature).
   */
  beginReshape(id: string, geometry: AreaGeometry): boolean {
    this.endReshape();
    if (geometry.type !== 'Polygon') return false; // terra-draw edits single polygons
    const round = (x: number): number => Math.round(x * 10 ** PRECISION) / 10 ** PRECISION;
    const coordinates = geometry.coordinates.map((ring) => ring.map(([x, y]) => [round(x), round(y)]));
    this.draw.setMode('select');
    const [check] = this.draw.addFeatures([{ type: 'Feature', id, geometry: { type: 'Polygon', coordinates }, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures]);
    if (!check?.valid) return false;
    this.draw.selectFeature(id);
    this.reshaping = id;
    return true;
  }

  endReshape(): void {
    const id = this.reshaping;
    this.reshaping = null;
    if (!id || !this.draw.hasFeature(id)) return;
    // Deselect first: terra-draw's select mode still refers to a selected feature.
    if (this.draw.getMode() === 'select') this.draw.deselectFeature(id);
    this.draw.removeFeatures([id]);
  }

  /** Drops whatever is being drawn (Escape). */
  cancel(): void {
    const mode = this.draw.getMode();
    this.draw.clear();
    this.draw.setMode(mode);
    this.events.onSketch(null);
  }

  destroy(): void {
    this.draw.stop();
  }

  private finished(id: string, mode: string, action: string): void {
    const feature = this.draw.getSnapshotFeature(id);
    if (!feature) return;
    if (mode === 'polygon' && action === 'draw') {
      this.draw.removeFeatures([id]);
      this.events.onSketch(null);
      this.events.onPolygon(feature.geometry as Polygon);
    } else if (mode === 'linestring' && action === 'draw') {
      this.draw.removeFeatures([id]);
      this.events.onLine(feature.geometry as LineString);
    } else if (mode === 'select' && id === this.reshaping) {
      this.events.onReshape(id, feature.geometry as Polygon, action === 'dragFeature');
    }
  }

  private sketchChanged(): void {
    if (this.draw.getMode() !== 'polygon') return;
    const drawing = this.draw.getSnapshot().find((f) => f.properties.currentlyDrawing && f.geometry.type === 'Polygon');
    this.events.onSketch(drawing ? (drawing.geometry as Polygon) : null);
  }
}
