// The core behind a message port: the core runs in an Electron utilityProcess (core-process.ts) and the main process
// talks to it with dispatch + progress messages, so DuckDB, archive walking, hashing, signing and report rendering
// never run on the main thread. No Electron import: the ports come in through small adapters, and the unit tests use
// node:worker_threads' real MessageChannel.
import type { ApiResponse } from '../../shared/errors';
import type { JobProgress } from '../../shared/model';

/** One end of a message channel, whatever its flavour (Electron MessagePortMain, Node MessagePort). */
export interface PortLike {
  post(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  close(): void;
}

export type ToCore =
  | { type: 'dispatch'; id: number; method: string; params: unknown }
  | { type: 'close' }
  | { type: 'keyStoreResult'; id: number; data: Uint8Array | null; error: string | null };
export type FromCore =
  | { type: 'result'; id: number; response: ApiResponse<unknown> }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'keyStore'; id: number; op: 'seal' | 'open'; data: Uint8Array };

/**
 * The OS key store (Electron's safeStorage), which only the main process can use. The core asks for it over the
 * port: `serveCore` returns a key protector (the shape of the report's KeyProtector) whose seal/open run in the main
 * process, so signing keys are never written in clear, though the core runs in its own process.
 */
export interface KeyStore {
  seal(plain: Buffer): Promise<Buffer>;
  open(sealed: Buffer): Promise<Buffer>;
}
export interface RemoteKeyProtector extends KeyStore {
  readonly kind: 'os-key-store';
}

/** What the main process needs of the core (IpcDeps['core'] plus close). */
export interface CoreLike {
  dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>>;
  onProgress(listener: (p: JobProgress) => void): () => void;
  /** The in-process core resolves once its case is closed; a remote one only sends the request. */
  close(): void | Promise<void>;
}

/** Node's MessagePort (node:worker_threads) hands listeners the data itself. */
export function nodePort(port: {
  postMessage(m: unknown): void;
  on(event: 'message', l: (data: unknown) => void): unknown;
  close(): void;
}): PortLike {
  return {
    post: (m) => port.postMessage(m),
    onMessage: (l) => void port.on('message', l),
    close: () => port.close(),
  };
}

/** Electron's MessagePortMain hands listeners a MessageEvent ({ data, ports }) and must be started. */
export function electronPort(port: {
  postMessage(m: unknown): void;
  on(event: 'message', l: (event: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}): PortLike {
  let started = false;
  return {
    post: (m) => port.postMessage(m),
    onMessage: (l) => {
      port.on('message', (event) => l(event.data));
      if (!started) port.start();
      started = true;
    },
    close: () => port.close(),
  };
}

function isToCore(data: unknown): data is ToCore {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  if (d.type === 'close') return true;
  if (d.type === 'keyStoreResult') return typeof d.id === 'number';
  return d.type === 'dispatch' && typeof d.id === 'number' && typeof d.method === 'string';
}

/**
 * The core's side (in the utility process): answers dispatch messages and streams every progress event. `onClose` runs
 * after a close message, once the core is closed (the utility process exits there).
 */
export function serveCore(
  port: PortLike,
  core: CoreLike,
  onClose: () => void = () => {},
): { keyProtector: RemoteKeyProtector } {
  const unsubscribe = core.onProgress((progress) => port.post({ type: 'progress', progress } satisfies FromCore));
  let nextKeyId = 1;
  const keyCalls = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  const keyStoreCall = (op: 'seal' | 'open', data: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const id = nextKeyId++;
      keyCalls.set(id, { resolve, reject });
      port.post({ type: 'keyStore', id, op, data: new Uint8Array(data) } satisfies FromCore);
    });
  port.onMessage((data) => {
    if (!isToCore(data)) return;
    if (data.type === 'keyStoreResult') {
      const call = keyCalls.get(data.id);
      keyCalls.delete(data.id);
      if (data.data) call?.resolve(Buffer.from(data.data));
      else call?.reject(new Error(data.error ?? 'the key store failed'));
      return;
    }
    if (data.type === 'close') {
      unsubscribe();
      // The case is closed (its database written and released) before the process is told it may end.
      void Promise.resolve(core.close()).finally(() => {
        port.close();
        onClose();
      });
      return;
    }
    // dispatch validates the params and never throws; a throw here would be a bug, still answered as an envelope.
    core.dispatch(data.method, data.params).then(
      (response) => port.post({ type: 'result', id: data.id, response } satisfies FromCore),
      (err: unknown) =>
        port.post({
          type: 'result',
          id: data.id,
          response: { ok: false, error: { kind: 'internal', message: String(err) } },
        } satisfies FromCore),
    );
  });
  return {
    keyProtector: {
      kind: 'os-key-store',
      seal: (plain) => keyStoreCall('seal', plain),
      open: (sealed) => keyStoreCall('open', sealed),
    },
  };
}

export interface RemoteCore extends CoreLike {
  /** The core process went away: every call in flight (and every later one) answers with this error. */
  fail(reason: string): void;
}

/** The main process's side: a CoreLike whose work happens at the other end of `port`; `keyStore` answers its key calls. */
export function connectCore(port: PortLike, keyStore?: KeyStore): RemoteCore {
  let nextId = 1;
  let failed: string | null = null;
  const pending = new Map<number, (r: ApiResponse<unknown>) => void>();
  const listeners = new Set<(p: JobProgress) => void>();
  const failure = (message: string): ApiResponse<unknown> => ({ ok: false, error: { kind: 'internal', message } });

  port.onMessage((data) => {
    const m = data as FromCore;
    if (m?.type === 'result') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.response);
    } else if (m?.type === 'progress') {
      for (const l of listeners) l(m.progress);
    } else if (m?.type === 'keyStore') {
      const answer = (data: Uint8Array | null, error: string | null) =>
        port.post({ type: 'keyStoreResult', id: m.id, data, error } satisfies ToCore);
      if (!keyStore) return answer(null, 'no OS key store in this shell');
      const input = Buffer.from(m.data);
      (m.op === 'seal' ? keyStore.seal(input) : keyStore.open(input)).then(
        (out) => answer(new Uint8Array(out), null),
        (err: unknown) => answer(null, err instanceof Error ? err.message : String(err)),
      );
    }
  });

  return {
    dispatch(method, params) {
      if (failed) return Promise.resolve(failure(failed));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        port.post({ type: 'dispatch', id, method, params } satisfies ToCore);
      });
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      if (failed) return;
      port.post({ type: 'close' } satisfies ToCore);
      this.fail('the core was closed');
    },
    fail(reason) {
      failed ??= reason;
      for (const resolve of pending.values()) resolve(failure(reason));
      pending.clear();
    },
  };
}
