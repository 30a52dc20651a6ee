import { useCallback, useEffect, useState } from 'react';
import type { ReportRequest } from '../../../../shared/methods/report';
import { ReportResult, type JobProgress } from '../../../../shared/model';
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
    const finish = async () => {
      const end = await conn.api.getJob({ job: running });
      if (end.state === 'running') return;
      const parsed = ReportResult.safeParse(end.result);
      setJob(
        end.state === 'done' && parsed.success
          ? { state: 'done', result: parsed.data }
          : { state: 'failed', message: end.error?.message ?? end.state },
      );
    };
    const off = conn.onProgress((p) => {
      if (p.job !== running) return;
      if (p.state === 'running') setJob({ state: 'running', job: running, progress: p });
      else void finish();
    });
    void finish(); // it may have ended before we listened
    return off;
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
