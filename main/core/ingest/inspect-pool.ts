import os from 'node:os';
import { inspectFileSync, SYNC_MAX, type Inspected } from './inspect';
import { WorkerPool } from './worker-pool';

/** Progress from a worker at most this often (bytes), so a big file's hash moves the bar without a message a MiB. */
const PROGRESS_BYTES = 16 * 2 ** 20;

/** A worker of the pool (worker-pool.ts) runs inspectFileSync; `__name` is there in case a bundler keeps names. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const d = { fs: require('node:fs'), crypto: require('node:crypto'), zlib: require('node:zlib'), scratch: Buffer.allocUnsafe(${SYNC_MAX}) };
const __name = (f) => f;
const inspectFileSync = ${inspectFileSync.toString()};
parentPort.on('message', ({ id, payload: files }) => {
  if (!files) return; // a cancel: a hash can't stop half-way here, close() ends the worker instead
  let pending = 0;
  const onBytes = (n) => {
    pending += n;
    if (pending >= ${PROGRESS_BYTES}) {
      parentPort.postMessage({ id, progress: pending });
      pending = 0;
    }
  };
  const result = files.map((f) => {
    try {
      return { ok: inspectFileSync(d, f, Infinity, onBytes) };
    } catch (err) {
      return { error: { message: String(err && err.message), code: err && err.code } };
    }
  });
  parentPort.postMessage({ id, progress: pending, result });
});`;

type Result = { ok: Inspected } | { error: { message: string; code?: string } };

const toInspected = (r: Inspected): Inspected => ({
  ...r,
  head: Buffer.from(r.head.buffer, r.head.byteOffset, r.head.byteLength), // a Buffer arrives as a Uint8Array
});

/**
 * Worker threads that hash and sniff files (inspectFileSync), so that big files are hashed side by side, off
 * the main thread (small ones cost less than a round trip to a worker; see walk.ts). close() ends them and fails
 * whatever is still queued, which is how a cancel stops a hash half-way through.
 */
export class InspectPool {
  private readonly pool: WorkerPool<string[], Result[], number>;

  constructor(readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {
    this.pool = new WorkerPool('inspect', WORKER_SOURCE, size);
  }

  /** Inspects each file, in order; a file that can't be read gives its Error in its place. */
  async inspect(files: string[], onBytes: (n: number) => void): Promise<(Inspected | Error)[]> {
    const results = await this.pool.run(files, (n) => n && onBytes(n));
    return results.map((r) =>
      'ok' in r ? toInspected(r.ok) : Object.assign(new Error(r.error.message), { code: r.error.code }),
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
