import os from 'node:os';
import { RECORD_SCAN_WASM } from './cloudtrail/record-scan-wasm';
import { splitterKit, type SplitArgs, type SplitPart } from './cloudtrail/split-records';
import { WorkerPool } from './worker-pool';

/** A worker of the pool (worker-pool.ts) runs the splitter; a cancel aborts its reads, which closes its files. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const d = {
  fs: require('node:fs'),
  zlib: require('node:zlib'),
  streamPromises: require('node:stream/promises'),
  scanModule: new WebAssembly.Module(Buffer.from('${RECORD_SCAN_WASM}', 'base64')),
};
const __name = (f) => f;
const kit = (${splitterKit.toString()})(d);
const running = new Map();
parentPort.on('message', ({ id, payload, cancel }) => {
  if (cancel) return running.get(id)?.abort();
  const ac = new AbortController();
  running.set(id, ac);
  kit.splitToLines(payload, ac.signal).then(
    (result) => parentPort.postMessage({ id, result }),
    (err) => parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } }),
  ).finally(() => running.delete(id));
});`;

/**
 * Big CloudTrail files split in worker threads, side by side: a file takes a core for most of a second, and the
 * main thread has the event loop and DuckDB's statements to run meanwhile.
 */
export class SplitPool {
  private readonly pool: WorkerPool<SplitArgs, SplitPart[]>;

  constructor(readonly size = Math.max(1, Math.min(2, os.availableParallelism()))) {
    this.pool = new WorkerPool('split', WORKER_SOURCE, size);
  }

  /** Splits one file; an aborted signal stops it, closing what it had open (its parts stay for the caller). */
  split(args: SplitArgs, signal: AbortSignal): Promise<SplitPart[]> {
    return this.pool.run(args, undefined, signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
