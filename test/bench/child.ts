import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { pauseTextIndex } from '../../main/core/query/text-index';
import { latency, measure } from './measure';

/** One measurement in its own process, so each peak RSS is its own. Prints one JSON line. */
export async function runChild(kind: string, archive: string, work: string): Promise<void> {
  const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');
  if (kind === 'baseline' || kind === 'baseline-lines') {
    // baseline-lines tells DuckDB what Trailmark's sniff finds (one {"Records":[...]} per line), which spares its
    // layout detection: the strongest bare read of these files, shown beside the plain one.
    const format = kind === 'baseline-lines' ? `, format = 'newline_delimited'` : '';
    const dbFile = path.join(work, 'baseline.duckdb');
    await rm(dbFile, { force: true });
    const r = await measure(async () => {
      const db = await DuckDBInstance.create(dbFile);
      const c = await db.connect();
      const glob = path.join(archive, 'AWSLogs', '**', '*.json.gz');
      // Auto-detected schemas fail on real CloudTrail (requestParameters differ per API), so the records are
      // read as JSON, as any tool that keeps them whole must.
      await c.run(
        `CREATE TABLE raw AS SELECT unnest(Records) AS r FROM read_json('${glob}', columns = {Records: 'JSON[]'}${format})`,
      );
      const n = Number((await c.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]?.[0]);
      c.closeSync();
      db.closeSync();
      return n;
    });
    out({ kind, records: r.value, seconds: r.seconds, peakRssMiB: r.peakRssMiB });
    return;
  }
  if (kind === 'trailmark') {
    const caseDir = path.join(work, 'bench.trailmark');
    await rm(caseDir, { recursive: true, force: true });
    const core = createCoreService('cli');
    await core.api.openCase({ path: caseDir, create: true });
    let last = 0;
    let maxGapMs = 0;
    // When each phase first began: the identity step and the custody step are timed from them.
    const began = new Map<string, number>();
    const off = core.onProgress((p) => {
      const now = performance.now();
      if (!began.has(p.phase)) began.set(p.phase, now);
      if (p.phase === 'loading records' && last) maxGapMs = Math.max(maxGapMs, now - last);
      last = p.phase === 'loading records' ? now : 0;
    });
    const r = await measure(async () => {
      const { job } = await core.api.startIngest({ paths: [archive] });
      const end = await core.session.jobs.wait(job);
      if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
        throw new Error(`ingest ${end.state}: ${end.error?.message}`);
      return end.result;
    });
    off();
    const ended = performance.now();
    const at = (phase: string) => began.get(phase) ?? ended;
    const steps = {
      identitySeconds: (at('building lineage') - at('resolving identities')) / 1000,
      lineageSeconds: (at('recording custody') - at('building lineage')) / 1000,
      custodySeconds: (at('writing the case') - at('recording custody')) / 1000,
    };
    // The ingest started the text index in the background; these figures are for a quiet case (the workspace
    // section times the index on its own).
    pauseTextIndex(core.session.requireCase().db);
    const ids = await core.api.listIdentities({ category: 'machine', limit: 1 });
    const actor = ids.rows[0]?.actor_uid ?? '';
    const queries = {
      'identity list page (200)': await latency(() => core.api.listIdentities({ limit: 200 })),
      'identity list, machine, search': await latency(() =>
        core.api.listIdentities({ category: 'machine', search: 'role' }),
      ),
      'events page (200), one identity': await latency(() =>
        core.api.queryEvents({ filter: { actor_uids: [actor] }, limit: 200 }),
      ),
      'events page (200) at offset 100k': await latency(() => core.api.queryEvents({ offset: 100_000, limit: 200 })),
      'event detail': await latency(async () => {
        const page = await core.api.queryEvents({ limit: 1, offset: 5000 });
        return core.api.getEvent({ event_uid: page.rows[0]!.event_uid });
      }),
    };
    const cancelMs = await cancelLatency(core, archive, path.join(work, 'cancel.trailmark'));
    core.close();
    const progress = { maxGapMs, cancelMs };
    out({ kind, records: r.value.loaded, seconds: r.seconds, peakRssMiB: r.peakRssMiB, queries, progress, steps });
    return;
  }
  throw new Error(`unknown bench child ${kind}`);
}

/** Time from cancelJob to the job's end, for an ingest cancelled one second into loading records. */
async function cancelLatency(core: CoreService, archive: string, caseDir: string): Promise<number> {
  await rm(caseDir, { recursive: true, force: true });
  await core.api.openCase({ path: caseDir, create: true });
  const { job } = await core.api.startIngest({ paths: [archive] });
  let loadingSince = 0;
  let cancelledAt = 0;
  const off = core.onProgress((p) => {
    if (p.job !== job || cancelledAt || p.phase !== 'loading records') return;
    loadingSince ||= performance.now();
    if (performance.now() - loadingSince < 1000) return;
    cancelledAt = performance.now();
    void core.api.cancelJob({ job });
  });
  const end = await core.session.jobs.wait(job);
  off();
  if (end.state !== 'cancelled') return NaN; // finished before a second of loading: nothing to measure
  return performance.now() - cancelledAt;
}
