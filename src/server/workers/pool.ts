// Untrusted files and heavy reads run here, off the event loop: a small pool of worker
// threads, each task with a time budget and each worker with a heap ceiling. A parser bug
// (ours or a library's) that loops or allocates without end costs one worker, which is
// terminated and replaced; the server goes on answering.
import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';
import { TASKS, type TaskName, type TaskInput, type TaskOutput } from './tasks';

export interface PoolOptions {
  /**
   * worker threads; default: the cores less one for the event loop, at least 1, at most 4.
   * 0 runs every task in the calling thread, with no budget: only as the peer a benchmark
   * compares the pool against.
   */
  size?: number;
  /** each worker's old-generation heap ceiling in MB (default 2048) */
  maxHeapMb?: number;
  /** a task's time budget unless the call names one (default 60 s) */
  timeoutMs?: number;
}

/** A task ran past its time budget; its worker was terminated. */
export class TaskTimeoutError extends Error {
  constructor(
    readonly task: string,
    readonly timeoutMs: number,
  ) {
    super(`${task} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
    this.name = 'TaskTimeoutError';
  }
}

/** A task ran out of its worker's heap; the worker was replaced. */
export class TaskMemoryError extends Error {
  constructor(
    readonly task: string,
    readonly maxHeapMb: number,
  ) {
    super(`${task} needed more than ${maxHeapMb} MB of memory and was stopped`);
    this.name = 'TaskMemoryError';
  }
}

/** A task threw: its name, message and own fields (e.g. a FormatError's messageZh), as the worker sent them. */
export class TaskError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly fields: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

interface Job {
  task: TaskName;
  input: unknown;
  transfer: readonly Transferable[];
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/** What the worker posts back for one job. */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; name: string; message: string; fields: Record<string, unknown> };

/** A JavaScript entry that registers tsx, so workers run the TypeScript sources as the server does. */
const WORKER_URL = new URL('./worker.mjs', import.meta.url);

async function runInline<K extends TaskName>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
  const run = TASKS[task] as (input: TaskInput<K>) => Promise<{ value: TaskOutput<K> }>;
  return (await run(input)).value;
}

export class WorkerPool {
  private readonly size: number;
  private readonly maxHeapMb: number;
  private readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.maxHeapMb = options.maxHeapMb ?? 2048;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Runs a task in a worker; rejects with TaskTimeoutError, TaskMemoryError or TaskError. */
  run<K extends TaskName>(task: K, input: TaskInput<K>, options: { timeoutMs?: number; transfer?: readonly Transferable[] } = {}): Promise<TaskOutput<K>> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.size === 0) return runInline(task, input);
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      this.queue.push({ task, input, transfer: options.transfer ?? [], timeoutMs: options.timeoutMs ?? this.timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Starts every worker now, so that the first file or report does not wait for one to load. */
  async warm(): Promise<void> {
    if (this.size === 0) return;
    await Promise.all(Array.from({ length: this.size }, () => this.run('probe', {})));
  }

  /** Jobs waiting for a worker, and workers busy. */
  get load(): { queued: number; busy: number; size: number } {
    return { queued: this.queue.length, busy: this.slots.filter((s) => s.job).length, size: this.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the server is shutting down'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(new Error('the server is shutting down'));
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.timer = setTimeout(() => this.fail(slot as Slot, new TaskTimeoutError(job.task, job.timeoutMs)), job.timeoutMs);
      slot.worker.postMessage({ task: job.task, input: job.input }, job.transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job) return;
      this.finish(slot);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new TaskError(reply.name, reply.message, reply.fields));
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const job = slot.job;
      const err = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new TaskMemoryError(job?.task ?? 'a task', this.maxHeapMb) : error;
      this.fail(slot, err);
    });
    worker.on('exit', () => {
      // an exit without an error (terminate, or a crash of the thread): the slot is gone
      if (this.slots.includes(slot)) this.fail(slot, new Error('the worker stopped'));
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Rejects the slot's job, terminates its worker and lets a fresh one take the queue. */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    this.finish(slot);
    job?.reject(error);
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
