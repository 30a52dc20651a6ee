import { api, isApiMethod, type ApiMethod, type TrailmarkApi } from '../../../shared/api';
import { createClient, type ProgressListener } from '../../../shared/client';
import { TrailmarkError, type ApiErrorData, type ApiResponse } from '../../../shared/errors';
import { Session } from '../session';
import { createHandlers, type Shell } from './handlers';

/** The core behind every shell: validated dispatch by method name, a typed in-process client, progress events. */
export interface CoreService {
  readonly session: Session;
  readonly api: TrailmarkApi;
  dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>>;
  onProgress(listener: ProgressListener): () => void;
  /** Closes the case; resolves when its database is closed and its files no longer written. */
  close(): Promise<void>;
}

export function toErrorData(err: unknown): ApiErrorData {
  if (err instanceof TrailmarkError) return err.data;
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message };
}

export function createCoreService(shell: Shell): CoreService {
  const session = new Session();
  const handlers = createHandlers(session, shell);

  async function dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>> {
    if (!isApiMethod(method)) return { ok: false, error: { kind: 'bad_request', message: `unknown method ${method}` } };
    const def = api[method];
    const parsed = def.params.safeParse(params ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`);
      return { ok: false, error: { kind: 'bad_request', message: `${method}: ${detail.join('; ')}`, detail } };
    }
    try {
      const handler = handlers[method] as (p: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (err) {
      return { ok: false, error: toErrorData(err) };
    }
  }

  return {
    session,
    api: createClient((m: ApiMethod, p) => dispatch(m, p)),
    dispatch,
    onProgress: (l) => session.jobs.onProgress(l),
    close: () => session.close(),
  };
}
