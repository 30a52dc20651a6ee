import type { AnalysisSummary, Finding, FindingStatus, SeverityLevel } from '../../../shared/model';
import type { SliceCreator } from './slice';
export interface FindingsFilter {
    minSeverity: SeverityLevel;
    status: FindingStatus | null;
    /** Only the identity selected in the workspace. */
    actorUid: string | null;
}
export interface FindingsState {
    rows: Finding[];
    total: number;
    filter: FindingsFilter;
    loading: boolean;
    error: string | null;
    /** The running analysis (its phase) or null. */
    analysing: string | null;
    /** The summary of the last analysis this window ran. */
    lastRun: AnalysisSummary | null;
}
/** The findings list and the analysis job. */
export interface FindingsSlice {
    findings: FindingsState;
    loadFindings(): Promise<void>;
    /** Another case: nothing of the one before. */
    resetFindings(): void;
    setFindingsFilter(patch: Partial<FindingsFilter>): void;
    analyse(baselineUntil?: string): Promise<void>;
    decideFinding(id: string, status: FindingStatus, note: string): Promise<void>;
}
export declare const createFindingsSlice: SliceCreator<FindingsSlice>;
