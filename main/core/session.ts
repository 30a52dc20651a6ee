import { TrailmarkError } from '../../shared/errors';
import { CaseFile } from './case/case-file';
import type { Investigator } from './case/investigator';
import { refuseUnfinishedUpgrade } from './jobs/job-conflicts';
import { JobRunner } from './jobs/job-runner';
import { upgradeCase, upgradeDue } from './pipelines/upgrade';
import { scheduleTextIndex } from './query/text-index';

/** What one running app holds: the open case (at most one) and its jobs. */
export class Session {
  readonly jobs = new JobRunner();
  private current: CaseFile | null = null;
  /** The open case's upgrade job (pipelines/upgrade.ts), and whether it has yet to finish well. */
  private upgrade: { job: string; unfinished: boolean } | null = null;
  private readonly caseListeners = new Set<(dir: string | null) => void>();

  constructor() {
    // Until the open case's upgrade has finished, what reads targets or lineage may not start (job-conflicts.ts);
    // while it runs, the conflicts table refuses them; after a cancel or a failure, this does.
    this.jobs.gate = (kind) => {
      const u = this.upgrade;
      if (u?.unfinished && !this.upgradeRunning()) refuseUnfinishedUpgrade(kind);
    };
  }

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

  /** The open case's upgrade job, running or ended; null when it needed none. */
  get upgradeJob(): string | null {
    return this.upgrade?.job ?? null;
  }

  /**
   * investigator: named in the new case's first entry (an existing case gets it from the caller afterwards).
   * Returns once the case is open and migrated; a case made by an older Trailmark is then upgraded by a job
   * (upgradeJob), which opening another case cancels (it resumes when this one is next opened). Opening the case
   * already open resumes its upgrade if it stopped before it finished.
   */
  async open(path: string, create: boolean, investigator: Investigator | null = null): Promise<CaseFile> {
    const dir = CaseFile.resolvePath(path);
    if (this.current?.dir === dir) {
      const u = this.upgrade;
      if (u?.unfinished && !this.upgradeRunning()) {
        if (await upgradeDue(this.current)) this.startUpgrade(this.current);
        else u.unfinished = false;
      }
      return this.current;
    }
    if (this.jobs.running().some((j) => j.kind !== 'upgrade'))
      throw new TrailmarkError('conflict', 'a job is still running on the open case; wait for it or cancel it first');
    const next = await CaseFile.open(dir, { create, investigator });
    const due = await upgradeDue(next).catch((err: unknown) => {
      next.close();
      throw err;
    });
    await this.stopUpgrade();
    // The free-text index is built in the background on every open, so a case made by an older version gets one.
    void scheduleTextIndex(next.db);
    this.current?.close();
    this.current = next;
    this.upgrade = null;
    // Events loaded before they had targets (migration 0015 marks such a case), or never given lineage by these
    // rules, get them by a job, so the case is usable at once and the work shows progress and can be cancelled.
    if (due) this.startUpgrade(next);
    this.changed();
    return next;
  }

  private startUpgrade(c: CaseFile): void {
    this.upgrade = null; // the gate must not refuse the upgrade itself
    const job = this.jobs.start('upgrade', (ctx) => upgradeCase(c, ctx), {
      cancelled: 'cancelled; what was done is kept, and the upgrade resumes from there when the case is next opened',
    });
    const u = { job, unfinished: true };
    this.upgrade = u;
    void this.jobs.wait(job).then((s) => (u.unfinished = s.state !== 'done'));
  }

  /** Cancels the open case's upgrade, if it runs, and waits for it to stop. */
  private async stopUpgrade(): Promise<void> {
    const u = this.upgrade;
    if (!u || !this.upgradeRunning()) return;
    this.jobs.cancel(u.job);
    await this.jobs.wait(u.job);
  }

  /**
   * Waits for the open case's upgrade, if it runs, for work outside jobs that reads targets or lineage (a report's
   * reperformance); refuses as a job would when it stopped before it finished.
   */
  async upgraded(): Promise<void> {
    const u = this.upgrade;
    if (!u) return;
    if (this.upgradeRunning()) await this.jobs.wait(u.job);
    if (u.unfinished && (await this.jobs.wait(u.job)).state !== 'done') refuseUnfinishedUpgrade('report');
  }

  private upgradeRunning(): boolean {
    return this.jobs.running().some((j) => j.job === this.upgrade?.job);
  }

  /** Cancels running jobs and closes the case; resolves when its database is closed and its files no longer written. */
  close(): Promise<void> {
    for (const j of this.jobs.running()) this.jobs.cancel(j.job);
    const closed = this.current?.close() ?? Promise.resolve();
    this.current = null;
    this.upgrade = null;
    this.changed();
    return closed;
  }
}
