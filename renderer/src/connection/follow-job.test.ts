import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrailmarkApi } from '../../../shared/api';
import type { ProgressListener, TrailmarkConnection } from '../../../shared/client';
import type { JobState } from '../../../shared/jobs';
import type { JobProgress } from '../../../shared/model';
import { FOLLOW_POLL_MS, follow, followJob, jobEnd } from './follow-job';

// The transport is not what is tested: a fake connection whose job the test moves on, and whose events it sends.
function fakeConnection(initial: JobState) {
  let state = initial;
  const listeners = new Set<ProgressListener>();
  const reads = { n: 0 };
  const conn = {
    shell: 'host',
    api: {
      getJob: async ({ job }: { job: string }) => {
        reads.n++;
        if (job !== state.job) throw new Error(`no job ${job}`);
        return { ...state };
      },
    } as unknown as TrailmarkApi,
    onProgress: (l: ProgressListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } satisfies TrailmarkConnection;
  return {
    conn,
    reads,
    listeners,
    /** Changes the job's state in the core, optionally without telling anyone (a lost event). */
    set(patch: Partial<JobState>, emit = true) {
      state = { ...state, ...patch } as JobState;
      const { result: _r, error: _e, ...p } = state;
      if (emit) for (const l of [...listeners]) l(p);
    },
    emit(p: JobProgress) {
      for (const l of [...listeners]) l(p);
    },
  };
}

const running = (job = 'j1'): JobState => ({
  job,
  kind: 'analysis',
  state: 'running',
  phase: 'starting',
  done: 0,
  total: null,
  unit: 'steps',
  message: '',
  result: null,
  error: null,
});

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('followJob', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('shows progress from events, then reports the end once, with the result read after the final event', async () => {
    const f = fakeConnection(running());
    const progress: string[] = [];
    const ends: JobState[] = [];
    followJob(f.conn, 'j1', { progress: (p) => progress.push(p.phase), end: (s) => ends.push(s) });
    await flush();
    f.set({ phase: 'baselines' });
    f.emit({ ...running('other'), phase: 'another job' }); // not ours
    f.set({ phase: 'detectors' });
    f.set({ state: 'done', phase: 'done', result: null });
    await flush();
    f.set({ phase: 'late event' });
    await vi.advanceTimersByTimeAsync(FOLLOW_POLL_MS * 3);
    expect(progress).toEqual(['starting', 'baselines', 'detectors']);
    expect(ends.map((e) => e.state)).toEqual(['done']);
    expect(f.listeners.size).toBe(0); // unsubscribed at the end
  });

  it('reports a job that ended before it was followed, from the first read', async () => {
    const f = fakeConnection({
      ...running(),
      state: 'failed',
      phase: 'failed',
      error: { kind: 'bad_input', message: 'x.json: bad' },
    });
    const end = await (async () => {
      const p = jobEnd(f.conn, 'j1');
      await flush();
      return p;
    })();
    expect(end.error).toEqual({ kind: 'bad_input', message: 'x.json: bad' });
    expect(f.reads.n).toBe(1);
  });

  it('still sees the end when every event is lost, by reading again', async () => {
    const f = fakeConnection(running());
    const end = vi.fn();
    followJob(f.conn, 'j1', { end });
    await flush();
    f.set({ state: 'cancelled', phase: 'cancelled' }, false);
    expect(end).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(FOLLOW_POLL_MS);
    expect(end).toHaveBeenCalledTimes(1);
    expect((end.mock.calls[0]![0] as JobState).state).toBe('cancelled');
  });

  it('stop ends the following: no more reads, progress or end', async () => {
    const f = fakeConnection(running());
    const seen = vi.fn();
    const stop = followJob(f.conn, 'j1', { progress: seen, end: seen });
    await flush();
    seen.mockClear();
    stop();
    const reads = f.reads.n;
    f.set({ phase: 'more' });
    f.set({ state: 'done', phase: 'done' });
    await vi.advanceTimersByTimeAsync(FOLLOW_POLL_MS * 3);
    expect(seen).not.toHaveBeenCalled();
    expect(f.reads.n).toBe(reads);
  });

  it('a failed read is reported and ends the following', async () => {
    const f = fakeConnection(running());
    const refused = expect(jobEnd(f.conn, 'unknown')).rejects.toThrow('no job unknown');
    await flush();
    await refused;
    await vi.advanceTimersByTimeAsync(FOLLOW_POLL_MS * 3);
    expect(f.reads.n).toBe(1);
    expect(f.listeners.size).toBe(0);
  });
});

describe('follow (a state with no events, as the text index)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('reads every FOLLOW_POLL_MS until the state has ended', async () => {
    const states = ['waiting', 'building', 'building', 'ready', 'building'];
    let i = 0;
    const seen: string[] = [];
    follow({ read: async () => states[i++]!, ended: (s) => s === 'ready', onState: (s) => seen.push(s) });
    await vi.advanceTimersByTimeAsync(FOLLOW_POLL_MS * 10);
    expect(seen).toEqual(['waiting', 'building', 'building', 'ready']);
    expect(i).toBe(4);
  });
});
