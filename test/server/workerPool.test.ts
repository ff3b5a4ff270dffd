// The worker pool that reads untrusted files: a task past its time budget or its heap
// ceiling, or one that throws, costs that task alone; the pool goes on answering.
import { afterAll, describe, expect, it } from 'vitest';
import { TaskError, TaskMemoryError, TaskTimeoutError, WorkerPool } from '../../src/server/workers/pool';

describe('worker pool', () => {
  const pool = new WorkerPool({ size: 1, maxHeapMb: 48, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('runs a task and answers', async () => {
    expect(await pool.run('probe', { echo: 'hello 你好' })).toBe('hello 你好');
  });

  it('stops a task that never ends with TaskTimeoutError, within its budget', async () => {
    const started = Date.now();
    const error = await pool.run('probe', { forever: true }, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((error as TaskTimeoutError).timeoutMs).toBe(500);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await pool.run('probe', { echo: 'after the timeout' })).toBe('after the timeout');
  });

  it('stops a task past the heap ceiling with TaskMemoryError', async () => {
    const error = await pool.run('probe', { allocateMb: 4_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskMemoryError);
    expect((error as TaskMemoryError).maxHeapMb).toBe(48);
    expect(await pool.run('probe', { echo: 'after running out of memory' })).toBe('after running out of memory');
  });

  it('passes a thrown error back with its name, message and own fields', async () => {
    const error = await pool.run('probe', { fail: 'the probe failed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ errorName: 'Error', message: 'the probe failed', fields: { detail: 'probe' } });
    expect(await pool.run('probe', { echo: 'after an error' })).toBe('after an error');
  });

  it('queues tasks behind a busy worker and answers each in turn', async () => {
    const answers = await Promise.all([pool.run('probe', { spinMs: 100, echo: 'a' }), pool.run('probe', { echo: 'b' }), pool.run('probe', { echo: 'c' })]);
    expect(answers).toEqual(['a', 'b', 'c']);
    expect(pool.load).toMatchObject({ queued: 0, busy: 0, size: 1 });
  });
});
