import { useCallback, useEffect, useState } from 'react';
import type { ReportRequest } from '../../../../shared/methods/report';
import { resultOf } from '../../../../shared/jobs';
import type { JobProgress, ReportResult } from '../../../../shared/model';
import { followJob } from '../../connection/follow-job';
import { useConnection } from '../../store/store-context';

export type ReportJob =
  | { state: 'idle' }
  | { state: 'running'; job: string; progress: JobProgress | null }
  | { state: 'done'; result: ReportResult }
  | { state: 'failed'; message: string };

/** Starts a report job and follows it through progress events to its result. */
export function useReportJob() {
  const conn = useConnection();
  const [job, setJob] = useState<ReportJob>({ state: 'idle' });
  const running = job.state === 'running' ? job.job : null;

  useEffect(() => {
    if (!running) return;
    return followJob(conn, running, {
      progress: (p) => setJob({ state: 'running', job: running, progress: p }),
      end: (end) => {
        const result = resultOf(end, 'report');
        setJob(result ? { state: 'done', result } : { state: 'failed', message: end.error?.message ?? end.state });
      },
      error: (err) => setJob({ state: 'failed', message: (err as Error).message }),
    });
  }, [conn, running]);

  const start = useCallback(
    async (req: ReportRequest) => {
      try {
        const { job: id } = await conn.api.startReport(req);
        setJob({ state: 'running', job: id, progress: null });
      } catch (err) {
        setJob({ state: 'failed', message: (err as Error).message });
      }
    },
    [conn],
  );
  const cancel = useCallback(() => {
    if (running) void conn.api.cancelJob({ job: running });
  }, [conn, running]);
  return { job, start, cancel, reset: () => setJob({ state: 'idle' }) };
}
