// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own.
import type { Reporter } from 'vitest/reporters';

interface TaskLike {
  type: string;
  mode?: string;
  result?: { state?: string };
  tasks?: TaskLike[];
}

function count(tasks: readonly TaskLike[], into: { passed: number; failed: number; skipped: number }): void {
  for (const t of tasks) {
    if (t.tasks) count(t.tasks, into);
    if (t.type !== 'test') continue;
    if (t.mode === 'skip' || t.mode === 'todo') into.skipped++;
    else if (t.result?.state === 'pass') into.passed++;
    else into.failed++;
  }
}

export default class SummaryLine implements Reporter {
  onFinished(files: readonly TaskLike[] = [], errors: readonly unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    totals.failed += errors.length;
    console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
