// The tasks a pool worker runs, by name. Each takes structured-cloneable input and returns
// its value (and what to transfer rather than copy). Kept in one table so that the pool's
// callers are type-checked against what the worker does.
import type { Transferable } from 'node:worker_threads';
import { IMPORT_TASKS } from './tasks/importTasks';
import { REPORT_TASKS } from './tasks/reportTasks';

export const TASKS = { ...IMPORT_TASKS, ...REPORT_TASKS };

export type TaskName = keyof typeof TASKS;
type TaskFn<K extends TaskName> = (typeof TASKS)[K];
export type TaskInput<K extends TaskName> = Parameters<TaskFn<K>>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<TaskFn<K>>>['value'];

/** A task's result: the value, and the buffers to move to the caller instead of copying. */
export interface TaskResult<T> {
  value: T;
  transfer?: Transferable[];
}
