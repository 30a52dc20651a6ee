import { createClient, type TrailmarkConnection } from '../../../shared/client';
import { httpProgress } from './http-progress';
import { httpTransport } from './http-transport';
import { takeTokenFromUrl } from './host-token';

/** The connection in a browser tab served by the loopback host (`trailmark serve`, the e2e tests). */
export function httpConnection(): TrailmarkConnection {
  const token = takeTokenFromUrl(window);
  return { api: createClient(httpTransport(token)), onProgress: httpProgress(token), shell: 'host' };
}
