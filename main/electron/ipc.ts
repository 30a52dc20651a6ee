import path from 'node:path';
// Wires the core's API to ipcMain: one handler per method of the API table, the progress stream, and the native open
// dialog. Electron objects come in as parameters (structural types), so this is tested with fakes in plain Node.
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { PROGRESS_CHANNEL } from '../../shared/api';
import type { ApiResponse } from '../../shared/errors';
import type { JobProgress } from '../../shared/model';
import {
  DROP_CHANNEL,
  MENU_READY_CHANNEL,
  PICK_PATH_CHANNEL,
  SHOW_IN_FOLDER_CHANNEL,
  apiChannels,
  isPickPurpose,
} from './channels';
import { isTrustedSender, makeApiHandler, openDialogOptions, pickResult, type SenderLike } from './ipc-guard';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** What ipc.ts needs from Electron and the core; main.ts passes the real ones. */
export interface IpcDeps {
  ipcMain: {
    handle(channel: string, handler: Handler): void;
    removeHandler(channel: string): void;
    on(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => void): unknown;
  };
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
  /** A case was opened from the window (openCase, startDemo): File → Open recent remembers it. */
  onCaseOpened?: (casePath: string) => void;
  /** Paths dropped on the window (the preload's drop handler), from a trusted sender only. */
  onDropped?: (paths: string[]) => void;
  /** Reveals a file in the OS file manager (Electron's shell.showItemInFolder). */
  showItemInFolder?: (path: string) => void;
  /** The page now listens for menu messages (messages sent before this were queued). */
  onMenuReady?: (sender: IpcMainInvokeEvent['sender']) => void;
}

/** The case a successful openCase / startDemo answer names. */
export function openedCasePath(method: string, response: ApiResponse<unknown>): string | null {
  if (!response.ok) return null;
  const r = response.result as { path?: unknown; case?: unknown } | null;
  if (method === 'openCase' && typeof r?.path === 'string') return r.path;
  if (method === 'startDemo' && typeof r?.case === 'string') return r.case;
  return null;
}

/** A dropped-paths message: an array of non-empty strings (at most 1000), else null. */
export function droppedPaths(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) return null;
  return value.every((p) => typeof p === 'string' && p.length > 0 && p.length < 4096) ? (value as string[]) : null;
}

/** Registers every handler; returns a function that removes them all again. */
export function registerIpc(deps: IpcDeps): () => void {
  const log = deps.log ?? (() => {});
  const channels: string[] = [];

  for (const { method, channel } of apiChannels()) {
    const handle = makeApiHandler(method, async (m, p) => {
      const response = await deps.core.dispatch(m, p);
      const opened = openedCasePath(m, response);
      if (opened) deps.onCaseOpened?.(opened);
      return response;
    });
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

  // One-way messages (ipcRenderer.send): same sender check.
  const onDrop = (event: IpcMainInvokeEvent, value: unknown) => {
    if (!isTrustedSender(event as SenderLike)) return log('drop refused: the caller is not the app');
    const paths = droppedPaths(value);
    if (paths) deps.onDropped?.(paths);
  };
  const onReady = (event: IpcMainInvokeEvent) => {
    if (isTrustedSender(event as SenderLike)) deps.onMenuReady?.(event.sender);
  };
  const onShow = (event: IpcMainInvokeEvent, value: unknown) => {
    if (!isTrustedSender(event as SenderLike)) return log('showInFolder refused: the caller is not the app');
    if (typeof value === 'string' && path.isAbsolute(value) && value.length < 4096) deps.showItemInFolder?.(value);
  };
  deps.ipcMain.on(DROP_CHANNEL, onDrop);
  deps.ipcMain.on(MENU_READY_CHANNEL, onReady);
  deps.ipcMain.on(SHOW_IN_FOLDER_CHANNEL, onShow);

  const unsubscribe = deps.core.onProgress((p) => {
    for (const target of deps.progressTargets()) {
      if (!target.isDestroyed()) target.send(PROGRESS_CHANNEL, p);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
    deps.ipcMain.removeListener(DROP_CHANNEL, onDrop);
    deps.ipcMain.removeListener(MENU_READY_CHANNEL, onReady);
    deps.ipcMain.removeListener(SHOW_IN_FOLDER_CHANNEL, onShow);
  };
}
