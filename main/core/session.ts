import { TrailmarkError } from '../../shared/errors';
import { CaseFile } from './case/case-file';
import type { Investigator } from './case/investigator';
import { buildLineageIfMissing } from './identity/lineage-on-open';
import { JobRunner } from './jobs/job-runner';
import { scheduleTextIndex } from './query/text-index';
import { fillTargets } from './ingest/targets-fill';

/** What one running app holds: the open case (at most one) and its jobs. */
export class Session {
  readonly jobs = new JobRunner();
  private current: CaseFile | null = null;
  private readonly caseListeners = new Set<(dir: string | null) => void>();

  /** Calls listener with the open case's folder whenever it changes (null once closed). */
  onCaseChange(listener: (dir: string | null) => void): () => void {
    this.caseListeners.add(listener);
    return () => this.caseListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.caseListeners) l(this.current?.dir ?? null);
  }

  get case(): CaseFile | null {
    return this.current;
  }

  requireCase(): CaseFile {
    if (!this.current) throw new TrailmarkError('no_case', 'no case is open: open or create one first');
    return this.current;
  }

  /** investigator: named in the new case's first entry (an existing case gets it from the caller afterwards). */
  async open(path: string, create: boolean, investigator: Investigator | null = null): Promise<CaseFile> {
    const dir = CaseFile.resolvePath(path);
    if (this.current?.dir === dir) return this.current;
    if (this.jobs.running().length)
      throw new TrailmarkError('conflict', 'a job is still running on the open case; wait for it or cancel it first');
    const next = await CaseFile.open(dir, { create, investigator });
    // Events loaded before they had targets get them once (migration 0015 marks such a case).
    await fillTargets(next.db).catch((err: unknown) => {
      next.close();
      throw err;
    });
    // A case ingested before lineage was built (or by older rules) gets it now, not at its next ingest.
    await buildLineageIfMissing(next);
    // The free-text index is built in the background on every open, so a case made by an older version gets one.
    void scheduleTextIndex(next.db);
    this.current?.close();
    this.current = next;
    this.changed();
    return next;
  }

  close(): void {
    for (const j of this.jobs.running()) this.jobs.cancel(j.job);
    this.current?.close();
    this.current = null;
    this.changed();
  }
}
