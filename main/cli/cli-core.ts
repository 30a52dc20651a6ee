import type { ApiMethod } from '../../shared/api';
import { TOKEN_HEADER } from '../../shared/bridge';
import { createClient } from '../../shared/client';
import type { ApiResponse } from '../../shared/errors';
import { findRunningHolder, type RunningHolder } from '../core/api/running-case';
import { createCoreService, type CoreService } from '../core/api/service';
import { log } from './output';

/** The CLI's core: in this process, unless the case is held by a running Trailmark that serves its API. */
export interface CliCore extends CoreService {
  /** The process this command's calls go to, once the case turned out to be held by one. */
  readonly holder: RunningHolder | null;
}

async function overLoopback(h: RunningHolder, method: string, params: unknown): Promise<ApiResponse<unknown>> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${h.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: h.token },
      body: JSON.stringify(params ?? {}),
    });
  } catch (err) {
    const message = `the Trailmark holding the case (pid ${h.pid}) did not answer on 127.0.0.1:${h.port}: ${(err as Error).message}`;
    return { ok: false, error: { kind: 'conflict', message } };
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as ApiResponse<unknown>;
  } catch {
    return {
      ok: false,
      error: { kind: 'internal', message: `HTTP ${res.status} from pid ${h.pid}: ${text.slice(0, 200)}` },
    };
  }
}

/**
 * A case open in the app or in `trailmark serve` is locked to that process. When opening it here fails on that
 * lock and the holder left its address in the case folder (api/running-case.ts), every call of this command goes
 * to the holder instead, over loopback with its token; so does the job a command then follows.
 */
export function createCliCore(): CliCore {
  const local = createCoreService('cli');
  let holder: RunningHolder | null = null;

  async function dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>> {
    if (holder) return overLoopback(holder, method, params);
    const res = await local.dispatch(method, params);
    if (res.ok || method !== 'openCase' || res.error.kind !== 'conflict' || !/lock/i.test(res.error.message))
      return res;
    const path = (params as { path?: unknown } | null)?.path;
    const found = typeof path === 'string' ? await findRunningHolder(path) : null;
    if (!found) return res;
    holder = found;
    log(`the case is open in a running Trailmark (pid ${found.pid}): this command runs there`);
    return overLoopback(found, method, params);
  }

  return {
    session: local.session,
    get holder() {
      return holder;
    },
    api: createClient((m: ApiMethod, p) => dispatch(m, p)),
    dispatch,
    onProgress: (l) => local.onProgress(l),
    close: () => local.close(),
  };
}
