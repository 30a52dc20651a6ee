import { BRIDGE_KEY, type PreloadBridge } from '../../../shared/bridge';
import type { TrailmarkConnection } from '../../../shared/client';
import { electronConnection } from './electron-connection';
import { httpConnection } from './http-connection';

/** Electron's preload exposes the bridge as a global; without it we are a tab of the loopback host. */
export function connect(): TrailmarkConnection {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_KEY];
  return bridge ? electronConnection(bridge) : httpConnection();
}
