import { Worker } from 'node:worker_threads';

/** What a pool's worker posts back for a job: progress, any number of times, then its result or its error. */
type Reply<R, G> = { id: number; progress?: G; result?: R; error?: { message: string; code?: string } };

interface Job<P, R, G> {
  id: number;
  payload: P;
  onProgress: (g: G) => void;
  resolve: (r: R) => void;
  reject: (err: Error) => void;
}
interface Slot<P, R, G> {
  worker: Worker;
  job: Job<P, R, G> | null;
}

/**
 * Worker threads run from a worker's source text, one job at a time each: no worker file to find next to whichever
 * bundle (CLI, Electron utility process, tests) loaded this module. The source handles `{ id, payload }` (the job)
 * and `{ id, cancel: true }` (stop it, if it can), and posts `{ id, progress }` any number of times, then
 * `{ id, result }` or `{ id, error: { message, code } }`. Workers start on first use; close() ends them and fails
 * whatever is queued or running.
 */
export class WorkerPool<P, R, G = never> {
  private slots: Slot<P, R, G>[] = [];
  private queue: Job<P, R, G>[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly source: string,
    readonly size: number,
  ) {}

  /** Runs one job. An aborted signal drops it from the queue, or asks its worker to stop it. */
  run(payload: P, onProgress: (g: G) => void = () => {}, signal?: AbortSignal): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`${this.name} pool closed`));
    return new Promise<R>((resolve, reject) => {
      const job: Job<P, R, G> = { id: ++this.nextId, payload, onProgress, resolve, reject };
      if (signal) {
        const onAbort = () => {
          const queued = this.queue.indexOf(job);
          if (queued >= 0) {
            this.queue.splice(queued, 1);
            reject(new Error(`${this.name} cancelled`));
          } else this.slots.find((s) => s.job === job)?.worker.postMessage({ id: job.id, cancel: true });
        };
        if (signal.aborted) return reject(new Error(`${this.name} cancelled`));
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        job.resolve = (r) => (done(), resolve(r));
        job.reject = (e) => (done(), reject(e));
      }
      this.queue.push(job);
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
      slot.worker.postMessage({ id: job.id, payload: job.payload });
    }
  }

  private start(): Slot<P, R, G> {
    const worker = new Worker(this.source, { eval: true });
    const slot: Slot<P, R, G> = { worker, job: null };
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (m: Reply<R, G>) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      if (m.progress !== undefined) job.onProgress(m.progress);
      if (m.result === undefined && !m.error) return;
      slot.job = null;
      if (m.error) job.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else job.resolve(m.result!);
      this.dispatch();
    });
    const fail = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      slot.job?.reject(err);
      slot.job = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error(`${this.name} worker stopped`)));
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error(`${this.name} pool closed`);
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
