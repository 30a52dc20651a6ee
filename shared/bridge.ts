import type { ApiMethod } from './api';
import type { ApiResponse } from './errors';
import type { JobProgress } from './model';

/** The global the Electron preload exposes (window[BRIDGE_KEY]); named methods only, derived from the API table. */
export const BRIDGE_KEY = 'trailmark';

export interface PreloadBridge {
  shell: 'electron';
  methods: { [M in ApiMethod]: (params: unknown) => Promise<ApiResponse<unknown>> };
  onProgress(listener: (p: JobProgress) => void): () => void;
  /** Native open dialog: a case folder, or evidence files/folders/archives. null when the user cancels. */
  pickPath(purpose: 'case' | 'evidence'): Promise<string[] | null>;
}

/** The HTTP host's header for the per-run token (the browser normally sends the cookie instead). */
export const TOKEN_HEADER = 'x-trailmark-token';
export const TOKEN_COOKIE = 'trailmark_token';
