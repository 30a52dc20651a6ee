// The pure half of the IPC wiring: who may call, what a call returns when refused, which dialog each purpose opens.
// No Electron import at run time (only types), so it is unit-tested in plain Node.
import type { OpenDialogOptions } from 'electron';
import type { ApiMethod } from '../../shared/api';
import type { ApiResponse } from '../../shared/errors';
import type { PickPurpose } from './channels';
import { isAppUrl } from './origin';

/** The part of an IpcMainInvokeEvent the guard looks at. */
export interface SenderLike {
  senderFrame?: { url: string } | null;
}

/** Only frames showing the app itself (app://trailmark/...) may call the API. A detached frame (null) may not. */
export function isTrustedSender(event: SenderLike | null | undefined): boolean {
  let url: string | undefined;
  try {
    // senderFrame is a getter that can throw once the frame is gone.
    url = event?.senderFrame?.url;
  } catch {
    return false;
  }
  return isAppUrl(url);
}

export function untrustedSenderResponse(method: string, event: SenderLike | null | undefined): ApiResponse<never> {
  let url = '(no frame)';
  try {
    url = event?.senderFrame?.url || url;
  } catch {
    // keep the placeholder
  }
  return {
    ok: false,
    error: {
      kind: 'bad_request',
      message: `${method}: refused, the caller is not the Trailmark app (frame ${url.slice(0, 200)})`,
    },
  };
}

export type Dispatch = (method: string, params: unknown) => Promise<ApiResponse<unknown>>;

/**
 * The ipcMain.handle handler for one API method: sender check, then the core's dispatch (which validates the params
 * and never throws; it returns the envelope). Anything unexpected still comes back as an envelope, never a throw.
 */
export function makeApiHandler(method: ApiMethod, dispatch: Dispatch) {
  return async (event: SenderLike, params: unknown): Promise<ApiResponse<unknown>> => {
    if (!isTrustedSender(event)) return untrustedSenderResponse(method, event);
    try {
      return await dispatch(method, params);
    } catch (err) {
      return { ok: false, error: { kind: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  };
}

/**
 * The native open dialog for each purpose.
 * - case: one folder, NAME.trailmark (may be created from the dialog).
 * - evidence: several files and folders. Windows and Linux dialogs can't pick files and folders at once (Electron
 *   shows a folder picker when asked for both), so there the dialog picks files (logs, archives); folders can be
 *   dropped on the window or added through a folder purpose later.
 */
export function openDialogOptions(purpose: PickPurpose, platform: NodeJS.Platform): OpenDialogOptions {
  if (purpose === 'case') {
    return {
      title: 'Open or create a case (a NAME.trailmark folder)',
      buttonLabel: 'Open case',
      // macOS shows a NAME.trailmark folder as one document (a package, see electron-builder.yml's fileAssociations),
      // which only a file picker can choose; elsewhere a folder picker.
      properties:
        platform === 'darwin'
          ? ['openFile', 'openDirectory', 'createDirectory', 'dontAddToRecent']
          : ['openDirectory', 'createDirectory', 'dontAddToRecent'],
    };
  }
  return {
    title: 'Add evidence (log files, archives, folders)',
    buttonLabel: 'Add evidence',
    properties:
      platform === 'darwin'
        ? ['openFile', 'openDirectory', 'multiSelections', 'dontAddToRecent']
        : ['openFile', 'multiSelections', 'dontAddToRecent'],
  };
}

/** The dialog's answer as the bridge returns it: the chosen paths, or null when cancelled or empty. */
export function pickResult(result: { canceled: boolean; filePaths: string[] }): string[] | null {
  if (result.canceled || result.filePaths.length === 0) return null;
  return [...result.filePaths];
}
