// What the report side tab's panels (dashboard, price floors, snapshots, exports) get from
// the editor: the API, the report worker, the selection and the map's marks.
import type { Project } from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';
import type { ApiClient } from '../api/client';
import type { Ghosts, MarkedIds, MarkKind } from '../map/marks';
import type { Selection } from '../state/selection';
import type { UseReport } from '../worker/useReport';

/** The snapshot chosen as baseline. */
export interface BaselineInfo {
  snapshotId: string;
  name: string;
  createdAt: string;
}

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface ReportContext {
  api: ApiClient;
  project: Project;
  canEdit: boolean;
  report: UseReport;
  /** the packs the dashboard shows (and exports offer), in order */
  packIds: readonly string[];
  setPackIds(ids: readonly string[]): void;
  selection: Selection;
  /** selects features on the map (as a click would) */
  select(layer: LayerName, ids: readonly string[]): void;
  /** puts marks of one kind on the map (null clears them) */
  mark(kind: MarkKind, ids: MarkedIds | null): void;
  /** draws removed features from the baseline (null clears them) */
  setGhosts(ghosts: Ghosts | null): void;
  /** frames these bounds on the map */
  fitBounds(bbox: Bbox): void;
  /** frames these features (as the editor holds them) on the map */
  fitFeatures(ids: readonly string[]): void;
  baseline: BaselineInfo | null;
  /** chooses the baseline: the editor loads its features into the report worker */
  setBaseline(baseline: BaselineInfo | null): void;
}
