// Tasks that read untrusted files (see ../pool.ts).
import type { TaskResult } from '../tasks';

export const IMPORT_TASKS = {
  /** A probe used by the pool's tests: echoes, loops or allocates on request. */
  async probe(input: { echo?: string; spinMs?: number; forever?: boolean; allocateMb?: number; fail?: string }): Promise<TaskResult<string>> {
    if (input.fail) throw Object.assign(new Error(input.fail), { detail: 'probe' });
    if (input.forever) for (;;);
    if (input.spinMs) {
      const end = Date.now() + input.spinMs;
      while (Date.now() < end);
    }
    if (input.allocateMb) {
      const hold: number[][] = [];
      for (let i = 0; i < input.allocateMb; i++) hold.push(new Array(131_072).fill(i));
      return { value: String(hold.length) };
    }
    return { value: input.echo ?? '' };
  },
};
