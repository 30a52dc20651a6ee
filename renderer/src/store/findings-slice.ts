import { resultOf } from '../../../shared/jobs';
import type { AnalysisSummary, Finding, FindingStatus, SeverityLevel } from '../../../shared/model';
import { jobEnd } from '../connection/follow-job';
import { latestRequest } from './latest';
import type { SliceCreator } from './slice';

const PAGE = 200;

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

const EMPTY: FindingsState = {
  rows: [],
  total: 0,
  filter: { minSeverity: 'medium', status: null, actorUid: null },
  loading: false,
  error: null,
  analysing: null,
  lastRun: null,
};

export const createFindingsSlice: SliceCreator<FindingsSlice> = (set, get, conn) => {
  const patch = (p: Partial<FindingsState>) => set((s) => ({ findings: { ...s.findings, ...p } }));
  const fail = (err: unknown) => patch({ error: err instanceof Error ? err.message : String(err), loading: false });
  // A filter changed while a page was read: the read that change started wins.
  const page = latestRequest();
  return {
    findings: EMPTY,

    resetFindings: () => {
      page.drop();
      set({ findings: EMPTY });
    },

    loadFindings: async () => {
      const { filter } = get().findings;
      patch({ loading: true, error: null });
      page.then(
        conn.api.listFindings({
          min_severity: filter.minSeverity,
          status: filter.status ?? undefined,
          actor_uid: filter.actorUid ?? undefined,
          limit: PAGE,
        }),
        (p) => patch({ rows: p.rows, total: p.total, loading: false }),
        fail,
      );
    },

    setFindingsFilter: (p) => {
      patch({ filter: { ...get().findings.filter, ...p } });
      void get().loadFindings();
    },

    analyse: async (baselineUntil) => {
      patch({ analysing: 'starting', error: null });
      try {
        const { job } = await conn.api.startAnalysis(baselineUntil ? { baseline_until: baselineUntil } : {});
        const end = await jobEnd(conn, job, (p) => patch({ analysing: p.phase }));
        const summary = resultOf(end, 'analysis');
        if (!summary) throw new Error(end.error?.message ?? end.state);
        patch({ lastRun: summary, analysing: null });
        get().dataChanged(); // every view re-reads, the findings list with them
      } catch (err) {
        patch({ analysing: null });
        fail(err);
      }
    },

    decideFinding: async (id, status, note) => {
      try {
        const f = await conn.api.setFindingStatus({ id, status, note });
        patch({ rows: get().findings.rows.map((x) => (x.id === id ? f : x)) });
        get().dataChanged();
      } catch (err) {
        fail(err);
      }
    },
  };
};
