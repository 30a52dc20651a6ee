import type { TrailmarkConnection } from '../../../shared/client';
import type { JobState } from '../../../shared/jobs';
import type { JobProgress } from '../../../shared/model';
/** Between two reads of a followed state; events (when there are any) bring news sooner. */
export declare const FOLLOW_POLL_MS = 1000;
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
export declare function follow<S, N = never>(f: Follow<S, N>): () => void;
export declare function progressOf(s: JobState): JobProgress;
export interface JobFollower {
    /** The job's progress while it runs (events and reads). */
    progress?(p: JobProgress): void;
    /** Its final state, with its result or error, once. */
    end(s: JobState): void;
    error?(err: unknown): void;
}
/** Follows one job of the core to its end: the one way the renderer watches ingest, demo, analysis and reports. */
export declare function followJob(conn: TrailmarkConnection, job: string, on: JobFollower): () => void;
/** followJob as a promise of the final state, for an action that awaits its job. */
export declare function jobEnd(conn: TrailmarkConnection, job: string, progress?: (p: JobProgress) => void): Promise<JobState>;
