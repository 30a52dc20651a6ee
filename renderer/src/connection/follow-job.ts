import type { TrailmarkConnection } from '../../../shared/client';
import type { JobState } from '../../../shared/jobs';
import type { JobProgress } from '../../../shared/model';

/** Between two reads of a followed state; events (when there are any) bring news sooner. */
export const FOLLOW_POLL_MS = 1000;

export interface Follow<S, N> {
  /** Reads the state now. */
  read(): Promise<S>;
  /** True once the state will not change again: the following stops there. */
  ended(s: S): boolean;
  onState(s: S): void;
  /** A read failed: the following stops (a job's end would otherwise never be reported). */
  onError?(err: unknown): void;
  /** News pushed between reads (job progress events): each is shown; one that says it ended brings a read. */
  news?: {
    subscribe(push: (n: N) => void): () => void;
    show(n: N): void;
    final(n: N): boolean;
  };
}

/**
 * Follows a state in the core to its end: read now (it may have ended before we listened), again on news that
 * says it ended, and every FOLLOW_POLL_MS in case an event was lost (a reconnect of the progress stream).
 * Returns stop; nothing is reported after the end, an error or stop.
 */
export function follow<S, N = never>(f: Follow<S, N>): () => void {
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  const stop = () => {
    live = false;
    clearTimeout(timer);
    unsubscribe?.();
  };
  const readNow = async () => {
    clearTimeout(timer);
    let s: S;
    try {
      s = await f.read();
    } catch (err) {
      if (!live) return;
      stop();
      return f.onError?.(err);
    }
    if (!live) return;
    if (f.ended(s)) stop();
    else timer = setTimeout(() => void readNow(), FOLLOW_POLL_MS);
    f.onState(s);
  };
  const news = f.news;
  if (news)
    unsubscribe = news.subscribe((n) => {
      if (!live) return;
      news.show(n);
      if (news.final(n)) void readNow();
    });
  void readNow();
  return stop;
}

export function progressOf(s: JobState): JobProgress {
  const { result: _r, error: _e, ...progress } = s;
  return progress;
}

export interface JobFollower {
  /** The job's progress while it runs (events and reads). */
  progress?(p: JobProgress): void;
  /** Its final state, with its result or error, once. */
  end(s: JobState): void;
  error?(err: unknown): void;
}

/** Follows one job of the core to its end: the one way the renderer watches ingest, demo, analysis and reports. */
export function followJob(conn: TrailmarkConnection, job: string, on: JobFollower): () => void {
  return follow<JobState, JobProgress>({
    read: () => conn.api.getJob({ job }),
    ended: (s) => s.state !== 'running',
    onState: (s) => (s.state === 'running' ? on.progress?.(progressOf(s)) : on.end(s)),
    onError: on.error,
    news: {
      subscribe: (push) => conn.onProgress((p) => p.job === job && push(p)),
      // Progress events carry no result or error: the end comes from the read they bring.
      show: (p) => p.state === 'running' && on.progress?.(p),
      final: (p) => p.state !== 'running',
    },
  });
}

/** followJob as a promise of the final state, for an action that awaits its job. */
export function jobEnd(conn: TrailmarkConnection, job: string, progress?: (p: JobProgress) => void): Promise<JobState> {
  return new Promise((resolve, reject) => followJob(conn, job, { progress, end: resolve, error: reject }));
}
