// The preload bridge: named methods derived from the API table, never a generic invoke(channel). Runs sandboxed and
// context-isolated; build.mjs bundles it (with shared/) into one CommonJS file, electron left external.
// Must stay the first import: it switches zod's eval probe off before shared/api builds its schemas.
import './preload-jitless';
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_METHODS, PROGRESS_CHANNEL, ipcChannel, type ApiMethod } from '../../shared/api';
import { BRIDGE_KEY, type PreloadBridge } from '../../shared/bridge';
import type { ApiResponse } from '../../shared/errors';
import type { JobProgress } from '../../shared/model';
import {
  DROP_CHANNEL,
  MENU_CHANNEL,
  MENU_READY_CHANNEL,
  PICK_PATH_CHANNEL,
  SHOW_IN_FOLDER_CHANNEL,
  type MenuMessage,
  type PickPurpose,
} from './channels';
import { installDropHandler, type DropTarget } from './preload-drop';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  // Only the payload crosses to the page, never the IpcRendererEvent (it holds the sender).
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const methods = Object.fromEntries(
  API_METHODS.map((m) => [m, (params: unknown) => ipcRenderer.invoke(ipcChannel(m), params ?? {})]),
) as { [M in ApiMethod]: (params: unknown) => Promise<ApiResponse<unknown>> };

const bridge: PreloadBridge = {
  shell: 'electron',
  methods: Object.freeze(methods),
  onProgress: (listener) => subscribe<JobProgress>(PROGRESS_CHANNEL, listener),
  onMenu: (listener) => {
    const unsubscribe = subscribe<MenuMessage>(MENU_CHANNEL, listener);
    // Messages the main process held back (a case or evidence named on the command line) arrive now.
    ipcRenderer.send(MENU_READY_CHANNEL);
    return unsubscribe;
  },
  pickPath: (purpose: PickPurpose) => ipcRenderer.invoke(PICK_PATH_CHANNEL, purpose) as Promise<string[] | null>,
  pathForFile: (file) => webUtils.getPathForFile(file as never),
  showInFolder: (file) => ipcRenderer.send(SHOW_IN_FOLDER_CHANNEL, file),
};

// Files and folders dropped anywhere on the window (unless the page handled the drop itself) go to the main process,
// which opens a dropped case or adds dropped evidence.
installDropHandler(
  globalThis as unknown as DropTarget,
  (file) => webUtils.getPathForFile(file as never),
  (paths) => ipcRenderer.send(DROP_CHANNEL, paths),
);

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
