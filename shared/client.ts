import { API_METHODS, type ApiMethod, type TrailmarkApi } from './api';
import { TrailmarkError, isApiErrorData, type ApiResponse } from './errors';
import type { MenuMessage } from './bridge';
import type { JobProgress } from './model';

/** Sends one call over some transport (IPC, HTTP) and returns the response envelope. */
export type Transport = (method: ApiMethod, params: unknown) => Promise<ApiResponse<unknown>>;

/** Builds the typed client from the method table, for any transport. */
export function createClient(transport: Transport): TrailmarkApi {
  const client: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const m of API_METHODS) {
    client[m] = async (params: unknown) => {
      const res = await transport(m, params ?? {});
      if (res.ok) return res.result;
      const err = isApiErrorData(res.error) ? res.error : { kind: 'internal' as const, message: String(res.error) };
      throw new TrailmarkError(err.kind, err.message, err.detail);
    };
  }
  return client as TrailmarkApi;
}

export type ProgressListener = (p: JobProgress) => void;

/** What the renderer gets from either shell: the API, and a stream of job progress. */
export interface TrailmarkConnection {
  api: TrailmarkApi;
  onProgress(listener: ProgressListener): () => void;
  shell: 'electron' | 'host';
  /** Native dialogs exist only in Electron; the browser shows a path field instead. */
  pickPath?: (purpose: 'case' | 'evidence') => Promise<string[] | null>;
  /** Reveal a file in the OS file manager, in Electron only (the browser shows the path). */
  showInFolder?: (path: string) => void;
  /** Native menu actions, in Electron only. */
  onMenu?: (listener: (message: MenuMessage) => void) => () => void;
}
