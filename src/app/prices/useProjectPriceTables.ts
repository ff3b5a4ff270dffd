// STUB (issue 6 scaffolding): loads the project's price tables and hands them to the report
// worker (report.setTables), again whenever `revision` is bumped after an import.
import type { ApiClient } from '../api/client';
import type { UseReport } from '../worker/useReport';

export function useProjectPriceTables(_api: ApiClient, _projectId: string, _report: UseReport): { revision: number; bump(): void } {
  return { revision: 0, bump: () => undefined };
}
