// The staged import API from a worker: open an import, send checked chunks, commit — or
// cancel, which leaves nothing behind. The session cookie goes with same-origin requests.
import type { ApiError } from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';
import type { ImportFeature } from '../../io/import/prepareImport';
import type { Upload } from './messages';

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

async function call<T>(upload: Upload, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(new URL(`projects/${encodeURIComponent(upload.projectId)}/${path}`, upload.apiBase), {
    method,
    headers: { 'x-csrf-token': upload.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (parsed ?? {}) as Partial<ApiError> & { errors?: Array<{ feature: string; message: string }> };
    const details = error.errors?.slice(0, 5).map((e) => `${e.feature}: ${e.message}`).join('; ');
    throw new UploadError(response.status, `${error.message ?? response.statusText}${details ? ` (${details})` : ''}`);
  }
  return parsed as T;
}

export class StagedUpload {
  private id: string | null = null;

  constructor(private readonly upload: Upload) {}

  async start(layer: LayerName, comment: string): Promise<void> {
    const created = await call<{ id: string }>(this.upload, 'POST', 'imports', { layer, comment });
    this.id = created.id;
  }

  async send(features: ImportFeature[]): Promise<void> {
    if (!this.id) throw new Error('the import was not started');
    await call(this.upload, 'POST', `imports/${this.id}/chunks`, { features });
  }

  async commit(): Promise<number> {
    if (!this.id) throw new Error('the import was not started');
    const { imported } = await call<{ imported: number }>(this.upload, 'POST', `imports/${this.id}/commit`);
    this.id = null;
    return imported;
  }

  /** Drops whatever was staged; safe to call at any time. */
  async cancel(): Promise<void> {
    const id = this.id;
    this.id = null;
    if (id) await call(this.upload, 'DELETE', `imports/${id}`).catch(() => undefined);
  }
}
