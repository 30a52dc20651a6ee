import { createClient, type TrailmarkConnection } from '../../../shared/client';
import { httpProgress } from './http-progress';
import { httpTransport } from './http-transport';

/** The connection in a browser tab served by the loopback host (`trailmark serve`, the e2e tests). */
export function httpConnection(): TrailmarkConnection {
  return { api: createClient(httpTransport), onProgress: httpProgress(), shell: 'host' };
}
