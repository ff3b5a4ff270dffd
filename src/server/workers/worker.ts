// One worker thread of the pool: runs the named task on the input it is sent and posts the
// result back, or the error as its name, message and own fields.
import { parentPort, type Transferable } from 'node:worker_threads';
import type { WorkerReply } from './pool';
import { TASKS, type TaskName } from './tasks';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');

/** An error's own fields that survive structured cloning (FormatError.messageZh, problem lists). */
function cloneableFields(error: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      structuredClone(value);
      out[key] = value;
    } catch {
      // a field that cannot cross threads stays behind
    }
  }
  return out;
}

port.on('message', async ({ task, input }: { task: TaskName; input: unknown }) => {
  let reply: WorkerReply;
  try {
    const run = TASKS[task] as (input: unknown) => Promise<{ value: unknown; transfer?: Transferable[] }>;
    const { value, transfer } = await run(input);
    port.postMessage({ ok: true, value } satisfies WorkerReply, transfer ?? []);
    return;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = { ok: false, name: error.name, message: error.message, fields: cloneableFields(error) };
  }
  port.postMessage(reply);
});
