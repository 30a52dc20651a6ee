import type { PreloadBridge } from '../../../shared/bridge';
import { createClient, type TrailmarkConnection } from '../../../shared/client';

/** The connection inside the Electron window: every call and progress event goes through the preload bridge. */
export function electronConnection(bridge: PreloadBridge): TrailmarkConnection {
  return {
    api: createClient((method, params) => bridge.methods[method](params)),
    onProgress: (listener) => bridge.onProgress(listener),
    shell: 'electron',
    pickPath: (purpose) => bridge.pickPath(purpose),
    showInFolder: (file) => bridge.showInFolder(file),
    onMenu: (listener) => bridge.onMenu(listener),
  };
}
