// The app's only way to the server: typed calls over the HTTP API of src/api/types.ts.
// Errors come back as ApiRequestError carrying the server's code and message, so the UI
// can say what went wrong; a 409 carries the feature as it is now on the server.
import type {
  ApiError,
  ApiFeature,
  ApiFeatureCollection,
  BatchEdit,
  BatchResponse,
  ConflictResponse,
  FeatureProblem,
  HistoryEntry,
  ImportFieldMapping,
  LoginRequest,
  Project,
  SavedImportMapping,
  SaveImportMappingRequest,
  SessionResponse,
} from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** the server's copy when the edit was made against an old version (409 stale-version) */
  get conflict(): ConflictResponse | null {
    return this.status === 409 && this.code === 'stale-version' ? (this.body as ConflictResponse) : null;
  }

  /** per-feature problems of a 422 */
  get problems(): FeatureProblem[] {
    const errors = (this.body as { errors?: FeatureProblem[] } | null)?.errors;
    return Array.isArray(errors) ? errors : [];
  }
}

/** The browser's fetch, or one that carries a session cookie (tests, scripts). */
export type Fetch = (url: URL, init: RequestInit) => Promise<Response>;

export class ApiClient {
  private csrfToken = '';

  /** `base`: the API's URL, ending in /api/ */
  constructor(
    private readonly base: string,
    private readonly fetchImpl: Fetch = (url, init) => fetch(url, init),
  ) {}

  /** One JSON request to the API (for the api modules beside this one). */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch (e) {
      throw new ApiRequestError(0, 'network', e instanceof Error ? e.message : String(e), null);
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (parsed ?? {}) as Partial<ApiError>;
      throw new ApiRequestError(response.status, error.code ?? `http-${response.status}`, error.message ?? response.statusText, parsed);
    }
    return parsed as T;
  }

  /** The token writes carry (for workers that call the API themselves). */
  get csrf(): string {
    return this.csrfToken;
  }

  get apiBase(): string {
    return this.base;
  }

  /** The current session, or null when not logged in. */
  async session(): Promise<SessionResponse | null> {
    try {
      const session = await this.call<SessionResponse>('GET', 'session');
      this.csrfToken = session.csrfToken;
      return session;
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 401) return null;
      throw e;
    }
  }

  async login(request: LoginRequest): Promise<SessionResponse> {
    const session = await this.call<SessionResponse>('POST', 'session', request);
    this.csrfToken = session.csrfToken;
    return session;
  }

  async logout(): Promise<void> {
    await this.call<unknown>('DELETE', 'session');
    this.csrfToken = '';
  }

  projects(): Promise<Project[]> {
    return this.call('GET', 'projects');
  }

  async features(projectId: string, layer: LayerName): Promise<ApiFeature[]> {
    const collection = await this.call<ApiFeatureCollection>('GET', `projects/${encodeURIComponent(projectId)}/layers/${layer}/features`);
    return collection.features;
  }

  batch(projectId: string, edits: BatchEdit[], comment?: string): Promise<BatchResponse> {
    return this.call('POST', `projects/${encodeURIComponent(projectId)}/batch`, { edits, comment });
  }

  history(projectId: string, featureId: string): Promise<HistoryEntry[]> {
    return this.call('GET', `projects/${encodeURIComponent(projectId)}/features/${encodeURIComponent(featureId)}/history`);
  }

  /** The project's saved import mappings, by name. */
  importMappings(projectId: string): Promise<SavedImportMapping[]> {
    return this.call('GET', `projects/${encodeURIComponent(projectId)}/import-mappings`);
  }

  /** Saves (or overwrites) the mapping under `name`. */
  saveImportMapping(projectId: string, name: string, layer: LayerName, mapping: ImportFieldMapping): Promise<SavedImportMapping> {
    const body: SaveImportMappingRequest = { layer, mapping };
    return this.call('PUT', `projects/${encodeURIComponent(projectId)}/import-mappings/${encodeURIComponent(name)}`, body);
  }

  async deleteImportMapping(projectId: string, name: string): Promise<void> {
    await this.call<unknown>('DELETE', `projects/${encodeURIComponent(projectId)}/import-mappings/${encodeURIComponent(name)}`);
  }
}
