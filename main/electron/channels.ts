// IPC channel names shared by the main process and the preload. No Node or Electron imports: the preload is bundled
// from this file into a sandboxed CommonJS script.
import { API_METHODS, PROGRESS_CHANNEL, ipcChannel, type ApiMethod } from '../../shared/api';

/** The native open dialog (the bridge's pickPath). */
export const PICK_PATH_CHANNEL = 'trailmark:pickPath';
/** Menu actions the renderer may act on (main → renderer). */
export const MENU_CHANNEL = 'trailmark:menu';
/** The page subscribed to menu messages (renderer → main); the main process holds messages back until then. */
export const MENU_READY_CHANNEL = 'trailmark:menuReady';
/** Paths of files and folders dropped on the window (renderer → main). */
export const DROP_CHANNEL = 'trailmark:drop';
/** Show a file the app wrote (a report) in the OS file manager (renderer → main). */
export const SHOW_IN_FOLDER_CHANNEL = 'trailmark:showInFolder';

export type PickPurpose = 'case' | 'evidence';
export const PICK_PURPOSES: readonly PickPurpose[] = ['case', 'evidence'];
export function isPickPurpose(value: unknown): value is PickPurpose {
  return typeof value === 'string' && (PICK_PURPOSES as readonly string[]).includes(value);
}

export type { MenuMessage } from '../../shared/bridge';

/** One IPC channel per API method, derived from the API table: never a hand-kept list. */
export function apiChannels(): ReadonlyArray<{ method: ApiMethod; channel: string }> {
  return API_METHODS.map((method) => ({ method, channel: ipcChannel(method) }));
}

/** Every channel the app uses, for checks that they are distinct. */
export function allChannels(): string[] {
  return [
    ...apiChannels().map((c) => c.channel),
    PROGRESS_CHANNEL,
    PICK_PATH_CHANNEL,
    MENU_CHANNEL,
    MENU_READY_CHANNEL,
    DROP_CHANNEL,
    SHOW_IN_FOLDER_CHANNEL,
  ];
}
