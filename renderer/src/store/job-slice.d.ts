import type { JobState } from '../../../shared/jobs';
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
export declare const jobLabel: (kind: JobKind | undefined) => string;
export declare const createJobSlice: SliceCreator<JobSlice>;
