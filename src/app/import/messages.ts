// The messages between the import dialog (main thread) and the import worker. The worker
// reads, checks and uploads; the page only shows what comes back, so a 100 000-parcel file
// never freezes it.
import type { LayerName, ParcelStatus } from '../../domain/schema/kinds';
import type { CrsHint, SourceLayer } from '../../io/formats/source';
import type { FieldMapping } from '../../io/import/fieldMapping';
import type { ImportPlan, PreparedImport, Survey } from '../../io/import/prepareImport';

export interface SourceLayerInfo {
  name: string;
  count?: number;
  fields: string[];
  crs: CrsHint;
  encoding?: SourceLayer['encoding'];
}

export interface Upload {
  /** the API's URL, ending in /api/ */
  apiBase: string;
  projectId: string;
  csrfToken: string;
}

export type ImportRequest =
  | { type: 'open'; file: File }
  | { type: 'survey'; layerIndex: number; plan: ImportPlan }
  /** defaultStatus: given to every parcel without a status, and recorded (statusAssumed, the history comment) */
  | { type: 'run'; layerIndex: number; plan: ImportPlan; upload: Upload; defaultStatus?: ParcelStatus }
  | { type: 'cancel' };

export type ImportPhase = 'reading' | 'checking' | 'committing';

export type ImportResponse =
  | { type: 'opened'; fileName: string; layers: SourceLayerInfo[] }
  | { type: 'surveyed'; layerIndex: number; survey: Survey }
  | { type: 'progress'; phase: ImportPhase; done: number; total?: number }
  /** checked and refused: nothing was written */
  | { type: 'refused'; prepared: PreparedImport }
  | { type: 'imported'; layer: LayerName; imported: number; areaM2: number; warnings: PreparedImport['warnings']; repairs: PreparedImport['repairs']; repairCount: number; assumed: { status: ParcelStatus; parcels: number } | null }
  | { type: 'cancelled' }
  | { type: 'failed'; en: string; zh: string };

export type { FieldMapping, ImportPlan, PreparedImport, Survey };
