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
  /**
   * Shows the upgrade of a case made by an older Trailmark (CaseInfo.upgrade_job) like any job; `onlyRunning`: not
   * once it has ended (a window that reconnects to a case opened earlier).
   */
  followUpgrade(job: string, onlyRunning?: boolean): Promise<void>;
}

/** The job in a sentence's middle: "Following the upgrade". */
export const jobLabel = (kind: JobKind | undefined): string =>
  kind === 'upgrade' ? 'upgrade of the case' : kind === 'demo' ? 'demo build' : (kind ?? 'job');

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
      error: (err) => get().reportError(`Following the ${jobLabel(get().job?.kind)}`, err),
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
        get().reportError(`Cancelling the ${jobLabel(job.kind)}`, err);
      }
    },

    followUpgrade: async (job, onlyRunning = false) => {
      try {
        const state = await conn.api.getJob({ job });
        if (onlyRunning && state.state !== 'running') return;
        set({ job: progressOf(state), jobEnd: null });
        watch(job);
      } catch (err) {
        get().reportError('Following the upgrade of the case', err);
      }
    },

    clearJob: () => {
      stopWatching?.();
      stopWatching = null;
      set({ job: null, jobEnd: null });
    },
  };
};
