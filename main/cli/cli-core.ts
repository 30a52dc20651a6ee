import type { ApiMethod } from '../../shared/api';
import { TOKEN_HEADER } from '../../shared/bridge';
import { createClient } from '../../shared/client';
import type { ApiResponse } from '../../shared/errors';
import { findRunningHolder, type RunningHolder } from '../core/api/running-case';
import { createCoreService, type CoreService } from '../core/api/service';
import type { CaseInfo } from '../../shared/model';
import { log } from './output';
import { followJob } from './progress';

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
export function createCliCore(opts: { awaitUpgrade?: boolean } = {}): CliCore {
  const local = createCoreService('cli');
  let holder: RunningHolder | null = null;

  async function dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>> {
    const res = await send(method, params);
    return method === 'openCase' && res.ok && opts.awaitUpgrade ? awaitUpgrade(res) : res;
  }

  async function send(method: string, params: unknown): Promise<ApiResponse<unknown>> {
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

  /**
   * A case made by an older Trailmark is upgraded by a job once open (request targets, lineage). A command waits
   * for it, showing its progress, before it does anything: this process ending would stop the job, so a command
   * that did not wait would leave the case to be upgraded again by every command. Ctrl-C cancels it (what it did
   * is kept; the next command resumes it), and the command then stops.
   */
  async function awaitUpgrade(opened: ApiResponse<unknown> & { ok: true }): Promise<ApiResponse<unknown>> {
    const job = (opened.result as CaseInfo).upgrade_job;
    if (!job) return opened;
    const state = await core.api.getJob({ job });
    if (state.state === 'done') return opened;
    if (state.state === 'running')
      log('this case was made by an older Trailmark: upgrading it first (request targets, lineage); Ctrl-C cancels');
    const end = state.state === 'running' ? await followJob(core, job) : state;
    if (end.state === 'done') return opened;
    const why =
      end.state === 'cancelled'
        ? 'cancelled; what it did is kept, and the next command on this case resumes it'
        : (end.error?.message ?? end.state);
    return {
      ok: false,
      error: {
        kind: end.error?.kind ?? 'cancelled',
        message: `the upgrade of this case made by an older Trailmark stopped: ${why}`,
      },
    };
  }

  const core: CliCore = {
    session: local.session,
    get holder() {
      return holder;
    },
    api: createClient((m: ApiMethod, p) => dispatch(m, p)),
    dispatch,
    onProgress: (l) => local.onProgress(l),
    close: () => local.close(),
  };
  return core;
}
