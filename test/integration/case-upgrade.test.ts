// A case made before request targets and lineage (migrations 0015/0016) opens at once and is upgraded by a job with
import { editClosed } from '../helpers/edit-closed';
// progress and cancel; a cancel or a crash in the middle leaves a valid case that the next open finishes, with the
// same result as one uninterrupted run. The case is built as the version before left it: ingested, then its targets
// emptied and marked as 0015 marks them, and its lineage removed as before lineage existed.
import { spawnSync } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { LINEAGE_BUILT_KEY } from '../../main/core/identity/lineage';
import { ERROR_MESSAGE_FILL_KEY } from '../../main/core/ingest/error-messages-fill';
import { fillTuning, TARGETS_FILL_KEY } from '../../main/core/ingest/targets-fill';
import { progressTuning } from '../../main/core/jobs/job-runner';
import { TrailmarkError } from '../../shared/errors';
import { resultOf, type JobState } from '../../shared/jobs';
import type { TrailmarkConnection } from '../../shared/client';
import type { CaseInfo, JobProgress } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { writeChainEvidence } from '../helpers/lineage-records';
import { REPO, tempDir } from '../helpers/paths';

const FIXTURES = path.join(REPO, 'test/fixtures/sources');

/**
 * The renderer's store, loaded at run time: this project cannot compile the renderer's files (and the renderer's has
 * no Node for a real core), so the store is typed here by the part the test reads.
 */
interface StoreView {
  caseInfo: CaseInfo | null;
  job: JobProgress | null;
  jobEnd: JobState | null;
  errors: unknown[];
  openCase(path: string, create: boolean): Promise<void>;
}
interface Store {
  getState(): StoreView;
  subscribe(listener: (s: StoreView) => void): () => void;
}
const STORE = path.join(REPO, 'renderer/src/store/create-store.ts');
const loadStore = async () => (await import(STORE)) as { createAppStore: (conn: TrailmarkConnection) => Store };
const TARGETS = sql`SELECT event_uid, targets, error_message FROM events ORDER BY event_uid`;
const EDGES = sql`SELECT kind, parent_uid, child_uid, credential_uid, issue_event_uid, use_count FROM lineage_edges ORDER BY ALL`;

const defaultChunk = fillTuning.chunkRows;
const defaultEmit = progressTuning.emitEveryMs;
afterAll(() => {
  fillTuning.chunkRows = defaultChunk;
  progressTuning.emitEveryMs = defaultEmit;
});

const cores: CoreService[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));
const newCore = () => {
  const c = createCoreService('cli');
  cores.push(c);
  return c;
};

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof TrailmarkError ? err : null),
  );

/** Opens a case and returns its upgrade job with every progress event it sends, and a way to act on them. */
async function openOld(core: CoreService, dir: string, onProgress?: (p: JobProgress) => void) {
  const seen: JobProgress[] = [];
  let job: string | null = null;
  const early: JobProgress[] = [];
  core.onProgress((p) => {
    if (p.kind !== 'upgrade') return;
    if (job === null) early.push(p);
    else if (p.job === job) {
      seen.push(p);
      onProgress?.(p);
    }
  });
  const info = await core.api.openCase({ path: dir, create: false });
  job = info.upgrade_job;
  seen.push(...early.filter((p) => p.job === job));
  return { info, job: job!, seen, end: () => core.session.jobs.wait(job!) };
}

describe('opening a case made before request targets and lineage', () => {
  let old: string; // the pre-0015 case, never opened by the code under test: each test works on a copy
  let reference: { targets: unknown[]; edges: unknown[]; job: JobState; seen: JobProgress[] };
  const copyOld = async () => {
    const dir = path.join(await tempDir('trailmark-upgrade-copy-'), 'old.trailmark');
    await cp(old, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    const evidence = await tempDir('trailmark-upgrade-evidence-');
    await writeChainEvidence(evidence);
    const { core, dir } = await openTempCase('old');
    await ingest(core, [FIXTURES, evidence]);
    core.close();
    old = dir;
    await editClosed(
      old,
      sql`UPDATE events SET targets = NULL, error_message = NULL`,
      sql`INSERT OR REPLACE INTO case_meta VALUES (${param(TARGETS_FILL_KEY)}, 'pending')`,
      sql`INSERT OR REPLACE INTO case_meta VALUES (${param(ERROR_MESSAGE_FILL_KEY)}, 'pending')`,
      sql`DELETE FROM lineage_edges`,
      sql`DELETE FROM lineage_links`,
      sql`DELETE FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}`,
    );
    // Chunks of a few events, so that a small case gives many short transactions to stop between; every progress
    // update sent, so how many there are does not depend on how fast this machine runs them.
    fillTuning.chunkRows = 4;
    progressTuning.emitEveryMs = 0;

    // One uninterrupted upgrade: what every interrupted one must end equal to.
    const core2 = newCore();
    const ref = await openOld(core2, await copyOld());
    const job = await ref.end();
    const db = core2.session.requireCase().db;
    reference = { targets: await db.all(TARGETS), edges: await db.all(EDGES), job, seen: ref.seen };
    core2.close();
  }, 120_000);

  it('fills targets and builds lineage as a fresh ingest does, with progress that only moves forward', async () => {
    const { job, seen, targets, edges } = reference;
    expect(job.state, job.error?.message).toBe('done');
    expect(job.kind === 'upgrade' && job.result?.targets_filled).toBeGreaterThan(10);
    expect(job.kind === 'upgrade' && job.result?.lineage_edges).toBe(edges.length);
    expect(edges.length).toBeGreaterThan(5);
    expect(targets.filter((r) => (r as { targets: unknown }).targets !== null).length).toBeGreaterThan(10);
    const withMessage = targets.filter((r) => (r as { error_message: unknown }).error_message !== null).length;
    expect(job.kind === 'upgrade' && job.result?.error_messages_filled).toBe(withMessage);
    expect(withMessage).toBeGreaterThan(0);

    const running = seen.filter((p) => p.state === 'running' && p.total !== null);
    expect(running.length).toBeGreaterThan(3);
    const total = running[0]!.total;
    for (const [i, p] of running.entries()) {
      expect(p.total, 'one total for the whole job').toBe(total);
      if (i > 0) expect(p.done).toBeGreaterThanOrEqual(running[i - 1]!.done);
    }
    expect(seen.at(-1)).toMatchObject({ state: 'done' });
    expect(job.done).toBe(job.total);
    const messages = seen.map((p) => p.message);
    expect(messages.some((m) => /^filling request targets \(rule \d+ of \d+\)$/.test(m))).toBe(true);
    expect(messages.some((m) => m.startsWith('building lineage'))).toBe(true);
    expect(messages.some((m) => /^reading failed calls' error messages \(rule \d+ of \d+\)$/.test(m))).toBe(true);

    // A fresh ingest of the same evidence gives the same targets and error messages.
    const fresh = newCore();
    const evidence = await tempDir('trailmark-upgrade-fresh-');
    await writeChainEvidence(evidence);
    await fresh.api.openCase({ path: path.join(await tempDir(), 'fresh.trailmark'), create: true });
    await ingest(fresh, [FIXTURES, evidence]);
    const freshDb = fresh.session.requireCase().db;
    const byOperation = sql`SELECT source, api_operation, time, targets, error_message FROM events ORDER BY ALL`;
    const upgraded = newCore();
    await (await openOld(upgraded, await copyOld())).end();
    expect(await upgraded.session.requireCase().db.all(byOperation)).toEqual(await freshDb.all(byOperation));
  });

  it('open returns while the upgrade runs; the views work, and ingest, analysis and reports are refused naming it', async () => {
    const core = newCore();
    const dir = await copyOld();
    const { info, job, end } = await openOld(core, dir);
    expect(info.upgrade_job).toBe(job);
    // The case is open and its upgrade is still at work: observed through the job and the case, not a clock.
    expect(core.session.jobs.get(job).state).toBe('running');
    const db = core.session.requireCase().db;
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe(1);

    const page = await core.api.queryEvents({ limit: 50 });
    expect(page.rows.length).toBeGreaterThan(0);
    // Failed calls show their messages, read from their records while the column is still empty.
    const failed = await core.api.queryEvents({ filter: { outcome: 'failure' }, limit: 500 });
    const want = new Map(
      (reference.targets as { event_uid: string; error_message: string | null }[]).map((r) => [
        r.event_uid,
        r.error_message ?? undefined,
      ]),
    );
    expect(failed.rows.length).toBeGreaterThan(0);
    for (const r of failed.rows) expect(r.error_message ?? undefined, r.event_uid).toBe(want.get(r.event_uid));
    await core.api.topValues({ dimensions: ['target', 'operation'] });
    await core.api.listIdentities({});

    const refusals = await Promise.all([
      refusal(core.api.startAnalysis({ default_rules: false })),
      refusal(core.api.startIngest({ paths: [FIXTURES] })),
      refusal(core.api.startReport({ out: path.join(dir, 'never.pdf'), investigator: 'x' })),
    ]);
    for (const err of refusals) {
      expect(err?.kind).toBe('conflict');
      expect(err?.message).toMatch(/^the upgrade of this case made by an older Trailmark .* is running on this case/);
    }
    const final = await end();
    expect(final.state, final.error?.message).toBe('done');
    // Once upgraded, what it held back starts.
    const analysis = await core.api.startAnalysis({ default_rules: false });
    expect((await core.session.jobs.wait(analysis.job)).state).toBe('done');
  });

  it('a cancel in the middle keeps a valid case; opening it again resumes there and ends equal to one run', async () => {
    const core = newCore();
    const dir = await copyOld();
    let cancelled = false;
    const first = await openOld(core, dir, (p) => {
      // Cancel once a few chunks of a later rule are done.
      if (!cancelled && p.total !== null && p.done > p.total / 3) {
        cancelled = true;
        void core.api.cancelJob({ job: first.job });
      }
    });
    const stopped = await first.end();
    expect(stopped.state).toBe('cancelled');
    expect(stopped.error?.message).toMatch(/kept.*resumes/);
    const db = core.session.requireCase().db;
    const cursor = JSON.parse(
      (await db.scalar<string>(sql`SELECT value FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`))!,
    ) as { rule: number; after: number };
    expect(cursor.rule > 0 || cursor.after > 0).toBe(true);
    expect(Number(await db.scalar(sql`SELECT count(*) FROM events WHERE targets IS NOT NULL`))).toBeGreaterThan(0);
    expect((await core.api.verifyCase({})).ok).toBe(true);

    // Held back until it finishes, with a message that says how.
    const held = await refusal(core.api.startAnalysis({ default_rules: false }));
    expect(held?.kind).toBe('conflict');
    expect(held?.message).toMatch(/upgrade of this case .* stopped before it finished.*open the case again/);

    // Opening it again (the same case, still open) resumes it from where it stopped.
    const again = await openOld(core, dir);
    expect(again.job).not.toBe(first.job);
    const end = await again.end();
    expect(end.state, end.error?.message).toBe('done');
    const firstTotal = reference.seen.find((p) => p.total !== null)!.total!;
    expect(again.seen.find((p) => p.total !== null)!.total!).toBeLessThan(firstTotal);
    expect(await db.all(TARGETS)).toEqual(reference.targets);
    expect(await db.all(EDGES)).toEqual(reference.edges);
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe(0);
    expect((await core.api.verifyCase({})).ok).toBe(true);
  });

  it('a crash in the middle (the case closed under the job) leaves a case the next open finishes, equal to one run', async () => {
    const dir = await copyOld();
    const core = newCore();
    let closed = false;
    const first = await openOld(core, dir, (p) => {
      if (!closed && p.total !== null && p.done > p.total / 2) {
        closed = true;
        core.close();
      }
    });
    const stopped = await first.end();
    expect(stopped.state).not.toBe('done');

    const next = newCore();
    const resumed = await openOld(next, dir);
    expect(resumed.job).toBeTruthy();
    const end = await resumed.end();
    expect(end.state, end.error?.message).toBe('done');
    const db = next.session.requireCase().db;
    expect(await db.all(TARGETS)).toEqual(reference.targets);
    expect(await db.all(EDGES)).toEqual(reference.edges);
    expect((await next.api.verifyCase({})).ok).toBe(true);
    // Upgraded: the next open has nothing to do.
    next.close();
    expect((await next.api.openCase({ path: dir, create: false })).upgrade_job).toBeNull();
  });

  it('a cancel while lineage builds leaves no edge and no entry; the next open builds it', async () => {
    const dir = await copyOld();
    const core = newCore();
    let cancelled = false;
    const first = await openOld(core, dir, (p) => {
      if (!cancelled && p.phase === 'lineage') {
        cancelled = true;
        core.session.jobs.cancel(first.job); // as the step starts, before it commits
      }
    });
    const stopped = await first.end();
    const db = core.session.requireCase().db;
    expect(stopped.state).toBe('cancelled');
    expect(await db.all(EDGES)).toEqual([]);
    expect(await db.scalar(sql`SELECT count(*) FROM lineage_links`)).toBe(0);
    expect(await db.scalar(sql`SELECT value FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}`)).toBeUndefined();
    expect(await readFile(path.join(dir, 'custody.jsonl'), 'utf8')).not.toMatch(/"lineage\.built"/);
    // Targets were done before lineage started.
    expect(await db.all(TARGETS)).toEqual(reference.targets);
    const end = await (await openOld(core, dir)).end();
    expect(end.state, end.error?.message).toBe('done');
    expect(await db.all(EDGES)).toEqual(reference.edges);
    expect(await db.scalar(sql`SELECT sum(issuances) FROM lineage_links`)).toBe(reference.edges.length);
    expect((await core.api.verifyCase({})).ok).toBe(true);
  });

  it('the CLI waits for the upgrade before its command, with progress on stderr; the next command has none to wait for', async () => {
    const dir = await copyOld();
    const trailmark = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO, 'bin/trailmark.mjs'), ...args], { encoding: 'utf8', cwd: REPO });
    const first = trailmark('events', dir, '--operation', 'CreateUser', '--json');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/made by an older Trailmark: upgrading it first/);
    // The events it lists have their targets: the command ran after the upgrade.
    const rows = (JSON.parse(first.stdout) as { rows: { targets: string[] | null }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.targets !== null && r.targets.length > 0)).toBe(true);
    const second = trailmark('info', dir, '--json');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/upgrading/);
    expect((JSON.parse(second.stdout) as { upgrade_job: string | null }).upgrade_job).toBeNull();
  });

  it("the app's store opens the case at once and follows its upgrade in the jobs panel to its end", async () => {
    const core = newCore();
    const { createAppStore } = await loadStore();
    const store = createAppStore({ api: core.api, onProgress: (l) => core.onProgress(l), shell: 'host' });
    const dir = await copyOld();
    const ended = new Promise<JobState>((resolve) =>
      store.subscribe((s) => {
        if (s.jobEnd) resolve(s.jobEnd);
      }),
    );
    await store.getState().openCase(dir, false);
    const s = store.getState();
    expect(s.errors).toEqual([]);
    expect(s.caseInfo?.upgrade_job).toBeTruthy();
    expect(s.job).toMatchObject({ kind: 'upgrade', job: s.caseInfo!.upgrade_job });
    const end = await ended;
    expect(end.state, end.error?.message).toBe('done');
    expect(resultOf(end, 'upgrade')?.targets_filled).toBeGreaterThan(10);
    expect(store.getState().job).toMatchObject({ kind: 'upgrade', state: 'done' });
  });
});
