import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { TrailmarkError } from '../../../shared/errors';
import type { JobError, JobResultOf, JobState } from '../../../shared/jobs';
import type { JobKind, JobProgress } from '../../../shared/model';
import { refuseConflicts } from './job-conflicts';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Report progress; events go out at most every 200 ms, plus every phase change and the end. */
  progress(update: Partial<Pick<JobProgress, 'phase' | 'done' | 'total' | 'unit' | 'message'>>): void;
}

export interface JobOptions {
  /** What a cancelled job says (default: the case is as it was before, true of a job that commits once). */
  cancelled?: string;
}

/** Progress events of one job are at least this far apart, but for a change of phase; tests that count them set 0. */
export const progressTuning = { emitEveryMs: 200 };
const KEEP_FINISHED = 50;

/**
 * Long work (ingest, analysis, reports): a job id, progress events, cancel, and the result kept for polling.
 * A job that may not run beside one already running (job-conflicts.ts) is refused with a conflict.
 */
export class JobRunner {
  private readonly jobs = new Map<string, { state: JobState; abort: AbortController; lastEmit: number }>();
  private readonly events = new EventEmitter();
  /** Called before a job starts, to refuse it for a reason the running jobs do not show (session.ts). */
  gate: (kind: JobKind) => void = () => undefined;

  onProgress(listener: (p: JobProgress) => void): () => void {
    this.events.on('progress', listener);
    return () => this.events.off('progress', listener);
  }

  start<K extends JobKind>(
    kind: K,
    work: (ctx: JobContext) => Promise<JobResultOf<K>>,
    options: JobOptions = {},
  ): string {
    refuseConflicts(
      kind,
      this.running().map((j) => j.kind),
    );
    this.gate(kind);
    const id = randomUUID();
    const abort = new AbortController();
    const state = {
      job: id,
      kind,
      state: 'running',
      phase: 'starting',
      done: 0,
      total: null,
      unit: 'steps',
      message: '',
      result: null,
      error: null,
    } as JobState;
    const entry = { state, abort, lastEmit: 0 };
    this.jobs.set(id, entry);
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (u) => {
        const phaseChanged = u.phase !== undefined && u.phase !== state.phase;
        Object.assign(state, u);
        const now = Date.now();
        if (phaseChanged || now - entry.lastEmit >= progressTuning.emitEveryMs) {
          entry.lastEmit = now;
          this.emit(state);
        }
      },
    };
    this.emit(state);
    void work(ctx).then(
      (result) => this.finish(id, { state: 'done', phase: 'done', result, message: 'finished' }),
      (err: unknown) => {
        const data: JobError =
          err instanceof TrailmarkError
            ? { kind: err.kind, message: err.message }
            : { kind: 'internal', message: (err as Error).message };
        const cancelled = abort.signal.aborted || data.kind === 'cancelled';
        this.finish(id, {
          state: cancelled ? 'cancelled' : 'failed',
          phase: cancelled ? 'cancelled' : 'failed',
          error: cancelled
            ? { kind: 'cancelled', message: options.cancelled ?? 'cancelled; the case is as it was before' }
            : data,
          message: cancelled ? 'cancelled' : data.message,
        });
      },
    );
    return id;
  }

  get(id: string): JobState {
    const entry = this.jobs.get(id);
    if (!entry) throw new TrailmarkError('not_found', `no job ${id}`);
    return { ...entry.state };
  }

  cancel(id: string): JobState {
    const entry = this.jobs.get(id);
    if (!entry) throw new TrailmarkError('not_found', `no job ${id}`);
    if (entry.state.state === 'running') entry.abort.abort();
    return { ...entry.state };
  }

  running(): JobState[] {
    return [...this.jobs.values()].map((j) => j.state).filter((s) => s.state === 'running');
  }

  /** Resolves when the job ends, with its final state. */
  wait(id: string): Promise<JobState> {
    return new Promise((resolve) => {
      const check = () => {
        const s = this.get(id);
        if (s.state !== 'running') {
          off();
          resolve(s);
        }
      };
      const off = this.onProgress((p) => p.job === id && check());
      check();
    });
  }

  private finish(id: string, patch: Partial<Pick<JobState, 'state' | 'phase' | 'result' | 'error' | 'message'>>): void {
    const entry = this.jobs.get(id);
    if (!entry) return;
    Object.assign(entry.state, patch);
    this.emit(entry.state);
    const finished = [...this.jobs.entries()].filter(([, j]) => j.state.state !== 'running');
    for (const [old] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(old);
  }

  private emit(state: JobState): void {
    const { result: _r, error: _e, ...progress } = state;
    this.events.emit('progress', progress);
  }
}
