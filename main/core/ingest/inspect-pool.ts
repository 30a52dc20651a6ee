import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { inspectFileSync, type Inspected } from './inspect';

/** Progress from a worker at most this often (bytes), so a big file's hash moves the bar without a message a MiB. */
const PROGRESS_BYTES = 16 * 2 ** 20;

/**
 * The workers run inspectFileSync from its source text: no worker file to find next to whichever bundle (CLI,
 * Electron utility process, tests) loaded this module. `__name` is there in case a bundler keeps function names.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const d = { fs: require('node:fs'), crypto: require('node:crypto'), zlib: require('node:zlib') };
const __name = (f) => f;
const inspectFileSync = ${inspectFileSync.toString()};
parentPort.on('message', ({ id, files }) => {
  let pending = 0;
  const onBytes = (n) => {
    pending += n;
    if (pending >= ${PROGRESS_BYTES}) {
      parentPort.postMessage({ id, bytes: pending });
      pending = 0;
    }
  };
  const results = files.map((f) => {
    try {
      return { ok: inspectFileSync(d, f, Infinity, onBytes) };
    } catch (err) {
      return { error: { message: String(err && err.message), code: err && err.code } };
    }
  });
  parentPort.postMessage({ id, bytes: pending, results });
});`;

type Result = { ok: Inspected } | { error: { message: string; code?: string } };
interface Job {
  id: number;
  files: string[];
  onBytes: (n: number) => void;
  resolve: (r: (Inspected | Error)[]) => void;
  reject: (err: Error) => void;
}
interface Slot {
  worker: Worker;
  job: Job | null;
}

const toInspected = (r: Inspected): Inspected => ({
  ...r,
  head: Buffer.from(r.head.buffer, r.head.byteOffset, r.head.byteLength), // a Buffer arrives as a Uint8Array
});

/**
 * Worker threads that hash and sniff files (inspectFileSync), so that big files are hashed side by side, off
 * the main thread (small ones cost less than a round trip to a worker; see walk.ts). Started on first use;
 * close() ends them and fails whatever is still queued, which is how a cancel stops a hash half-way through.
 */
export class InspectPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {}

  /** Inspects each file, in order; a file that can't be read gives its Error in its place. */
  inspect(files: string[], onBytes: (n: number) => void): Promise<(Inspected | Error)[]> {
    if (this.closed) return Promise.reject(new Error('inspect pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, files, onBytes, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.start();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, files: job.files });
    }
  }

  private start(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, job: null };
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (m: { id: number; bytes: number; results?: Result[] }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      if (m.bytes) job.onBytes(m.bytes);
      if (!m.results) return;
      slot.job = null;
      job.resolve(
        m.results.map((r) =>
          'ok' in r ? toInspected(r.ok) : Object.assign(new Error(r.error.message), { code: r.error.code }),
        ),
      );
      this.dispatch();
    });
    const fail = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      slot.job?.reject(err);
      slot.job = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('inspect worker stopped')));
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('inspect pool closed');
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
