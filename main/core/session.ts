import { TrailmarkError } from '../../shared/errors';
import { CaseFile } from './case/case-file';
import type { Investigator } from './case/investigator';
import { JobRunner } from './jobs/job-runner';

/** What one running app holds: the open case (at most one) and its jobs. */
export class Session {
  readonly jobs = new JobRunner();
  private current: CaseFile | null = null;

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
    this.current?.close();
    this.current = next;
    return next;
  }

  close(): void {
    for (const j of this.jobs.running()) this.jobs.cancel(j.job);
    this.current?.close();
    this.current = null;
  }
}
