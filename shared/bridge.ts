import type { ApiMethod } from './api';
import type { ApiResponse } from './errors';
import type { JobProgress } from './model';

/** The global the Electron preload exposes (window[BRIDGE_KEY]); named methods only, derived from the API table. */
export const BRIDGE_KEY = 'trailmark';

export interface PreloadBridge {
  shell: 'electron';
  methods: { [M in ApiMethod]: (params: unknown) => Promise<ApiResponse<unknown>> };
  onProgress(listener: (p: JobProgress) => void): () => void;
  /** Native menu actions the renderer acts on (File → Open case…, Add evidence…, a case opened by the OS). */
  onMenu(listener: (message: MenuMessage) => void): () => void;
  /** Native open dialog: a case folder, or evidence files/folders/archives. null when the user cancels. */
  pickPath(purpose: 'case' | 'evidence'): Promise<string[] | null>;
  /** The path on disk of a File from a drop or an <input type=file> (Electron no longer sets File.path). */
  pathForFile(file: object): string; // a DOM File (shared/ is typed without the DOM library)
  /** Reveal a file the app wrote (a report) in the OS file manager. */
  showInFolder(path: string): void;
}

/** What the native menu sends. A renderer that does not know an action ignores it. */
export type MenuMessage =
  | { action: 'openCase' } // File → Open case…: the renderer runs its own open flow (pickPath('case') → openCase)
  | { action: 'newCase' } // File → New case…: pickPath('case') → openCase({ create: true })
  // File → Add evidence… (no paths): pickPath('evidence') → startIngest; with paths (dropped on the window, named on
  // the command line or double-clicked, a case already open): startIngest({ paths })
  | { action: 'addEvidence'; paths?: string[] }
  | { action: 'caseOpened'; path: string } // the main process opened a case (second instance / OS file open / recent)
  | { action: 'openDemo' } // Help → Open the demo case: startDemo({}) and follow its job
  | { action: 'exportReport' } // File → Export report…: the report screen
  | { action: 'verifyReport' }; // File → Verify report…: the verify screen

/**
 * The HTTP host's header for the per-run token: the only way to reach its API. The page keeps the token in
 * sessionStorage (never in a cookie: browsers send cookies to every port of 127.0.0.1).
 */
export const TOKEN_HEADER = 'x-trailmark-token';
