import type { JobState } from '../../../shared/jobs';
import { followJob, progressOf } from '../connection/follow-job';
import type { JobKind, JobProgress } from '../../../shared/model';
import type { SliceCreator } from './slice';

export interface JobSlice {
  /** The ingest running now, or the last one until dismissed; its latest progress. */
  job: JobProgress | null;
  /** The final state (with summary or error) once the job has ended. */
  jobEnd: JobState | null;
  startIngest(paths: string[]): Promise<void>;
  /** Electron: the native evidence dialog, then startIngest. */
  pickAndIngest(): Promise<void>;
  /** Build the seeded demo case, open it, and follow its ingest. */
  startDemo(): Promise<void>;
  cancelJob(): Promise<void>;
  clearJob(): void;
}

const starting = (job: string, kind: JobKind): JobProgress => ({
  job,
  kind,
  state: 'running',
  phase: 'starting',
  done: 0,
  total: null,
  unit: 'steps',
  message: '',
});

export const createJobSlice: SliceCreator<JobSlice> = (set, get, conn) => {
  // One job at a time per window; how it is followed lives here, outside the rendered state.
  let stopWatching: (() => void) | null = null;

  const watch = (jobId: string) => {
    stopWatching?.();
    stopWatching = followJob(conn, jobId, {
      progress: (p) => set({ job: p }),
      end: (final) => {
        stopWatching = null;
        set({ job: progressOf(final), jobEnd: final });
        get().dataChanged();
      },
      error: (err) => get().reportError('Following the ingest', err),
    });
  };

  return {
    job: null,
    jobEnd: null,

    pickAndIngest: async () => {
      if (!conn.pickPath) return;
      let picked: string[] | null;
      try {
        picked = await conn.pickPath('evidence');
      } catch (err) {
        return get().reportError('Choosing evidence', err);
      }
      if (picked && picked.length > 0) await get().startIngest(picked);
    },

    startIngest: async (paths) => {
      set({ jobEnd: null });
      try {
        const { job } = await conn.api.startIngest({ paths });
        set({ job: starting(job, 'ingest') });
        watch(job);
      } catch (err) {
        get().reportError('Adding evidence', err);
      }
    },

    startDemo: async () => {
      set({ jobEnd: null });
      try {
        const { job } = await conn.api.startDemo({});
        await get().caseOpenedElsewhere(); // the demo case is open from now on; its events arrive with the job
        set({ job: starting(job, 'demo') });
        watch(job);
      } catch (err) {
        get().reportError('Building the demo case', err);
      }
    },

    cancelJob: async () => {
      const job = get().job;
      if (!job || job.state !== 'running') return;
      try {
        await conn.api.cancelJob({ job: job.job });
      } catch (err) {
        get().reportError('Cancelling the ingest', err);
      }
    },

    clearJob: () => {
      stopWatching?.();
      stopWatching = null;
      set({ job: null, jobEnd: null });
    },
  };
};
