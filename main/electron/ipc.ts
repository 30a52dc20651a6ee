// Wires the core's API to ipcMain: one handler per method of the API table, the progress stream, and the native open
// dialog. Electron objects come in as parameters (structural types), so this is tested with fakes in plain Node.
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { PROGRESS_CHANNEL } from '../../shared/api';
import type { ApiResponse } from '../../shared/errors';
import type { JobProgress } from '../../shared/model';
import { PICK_PATH_CHANNEL, apiChannels, isPickPurpose } from './channels';
import { isTrustedSender, makeApiHandler, openDialogOptions, pickResult, type SenderLike } from './ipc-guard';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** What ipc.ts needs from Electron and the core; main.ts passes the real ones. */
export interface IpcDeps {
  ipcMain: { handle(channel: string, handler: Handler): void; removeHandler(channel: string): void };
  core: {
    dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>>;
    onProgress(listener: (p: JobProgress) => void): () => void;
  };
  /** Shows the native open dialog, attached to the window of `sender` when there is one. */
  showOpenDialog(
    sender: IpcMainInvokeEvent['sender'] | null,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** The web contents that receive progress events (the app's windows). */
  progressTargets(): Array<{ isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void }>;
  platform: NodeJS.Platform;
  log?: (message: string) => void;
}

/** Registers every handler; returns a function that removes them all again. */
export function registerIpc(deps: IpcDeps): () => void {
  const log = deps.log ?? (() => {});
  const channels: string[] = [];

  for (const { method, channel } of apiChannels()) {
    const handle = makeApiHandler(method, (m, p) => deps.core.dispatch(m, p));
    deps.ipcMain.handle(channel, (event, params) => handle(event as SenderLike, params));
    channels.push(channel);
  }

  deps.ipcMain.handle(PICK_PATH_CHANNEL, async (event, purpose) => {
    if (!isTrustedSender(event as SenderLike)) {
      log('pickPath refused: the caller is not the app');
      return null;
    }
    if (!isPickPurpose(purpose)) return null;
    try {
      return pickResult(await deps.showOpenDialog(event.sender ?? null, openDialogOptions(purpose, deps.platform)));
    } catch (err) {
      log(`open dialog failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  });
  channels.push(PICK_PATH_CHANNEL);

  const unsubscribe = deps.core.onProgress((p) => {
    for (const target of deps.progressTargets()) {
      if (!target.isDestroyed()) target.send(PROGRESS_CHANNEL, p);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}
