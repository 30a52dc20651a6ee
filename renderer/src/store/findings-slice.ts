import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobState } from '../../../shared/api';
import type { TrailmarkConnection } from '../../../shared/client';
import { isAnalysisSummary, type AnalysisSummary, type Finding } from '../../../shared/model';

const POLL_MS = 700;
const PAGE = 200;

export type MinSeverity = 'low' | 'medium' | 'high' | 'critical';
export interface FindingsFilter {
  minSeverity: MinSeverity;
  status: Finding['status'] | null;
  /** Only the identity selected in the workspace. */
  actorUid: string | null;
}

/**
 * The findings list and the analysis job, kept in their own small store beside the app's (the workspace
 * rework owns the main store): one per connection, created by the findings view.
 */
export interface FindingsSlice {
  findings: Finding[];
  total: number;
  filter: FindingsFilter;
  loading: boolean;
  error: string | null;
  /** The running analysis (phase text) or null; the last summary once done. */
  analysing: string | null;
  lastRun: AnalysisSummary | null;
  load(): Promise<void>;
  setFilter(patch: Partial<FindingsFilter>): void;
  analyse(baselineUntil?: string): Promise<void>;
  decide(id: string, status: Finding['status'], note: string): Promise<void>;
}

/** `changed` is told when an analysis or a decision changed the case, so every other view re-reads. */
export function createFindingsStore(conn: TrailmarkConnection, changed: () => void): StoreApi<FindingsSlice> {
  return createStore<FindingsSlice>()((set, get) => {
    const fail = (err: unknown) => set({ error: (err as Error).message ?? String(err), loading: false });
    const waitFor = async (job: string): Promise<JobState> => {
      for (;;) {
        const s = await conn.api.getJob({ job });
        if (s.state !== 'running') return s;
        set({ analysing: s.phase });
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    return {
      findings: [],
      total: 0,
      filter: { minSeverity: 'medium', status: null, actorUid: null },
      loading: false,
      error: null,
      analysing: null,
      lastRun: null,
      load: async () => {
        const { filter } = get();
        set({ loading: true, error: null });
        try {
          const page = await conn.api.listFindings({
            min_severity: filter.minSeverity,
            status: filter.status ?? undefined,
            actor_uid: filter.actorUid ?? undefined,
            limit: PAGE,
          });
          set({ findings: page.rows, total: page.total, loading: false });
        } catch (err) {
          fail(err);
        }
      },
      setFilter: (patch) => {
        set((s) => ({ filter: { ...s.filter, ...patch } }));
        void get().load();
      },
      analyse: async (baselineUntil) => {
        set({ analysing: 'starting', error: null });
        try {
          const { job } = await conn.api.startAnalysis(baselineUntil ? { baseline_until: baselineUntil } : {});
          const end = await waitFor(job);
          if (end.state !== 'done' || !isAnalysisSummary(end.result)) throw new Error(end.error?.message ?? end.state);
          set({ lastRun: end.result, analysing: null });
          changed();
          await get().load();
        } catch (err) {
          set({ analysing: null });
          fail(err);
        }
      },
      decide: async (id, status, note) => {
        try {
          const f = await conn.api.setFindingStatus({ id, status, note });
          set((s) => ({ findings: s.findings.map((x) => (x.id === id ? f : x)) }));
          changed();
        } catch (err) {
          fail(err);
        }
      },
    };
  });
}
