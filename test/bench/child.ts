import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCoreService } from '../../main/core/api/service';
import { isIngestSummary } from '../../shared/model';
import { latency, measure } from './measure';

/** One measurement in its own process, so each peak RSS is its own. Prints one JSON line. */
export async function runChild(kind: string, archive: string, work: string): Promise<void> {
  const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');
  if (kind === 'baseline') {
    const dbFile = path.join(work, 'baseline.duckdb');
    await rm(dbFile, { force: true });
    const r = await measure(async () => {
      const db = await DuckDBInstance.create(dbFile);
      const c = await db.connect();
      const glob = path.join(archive, 'AWSLogs', '**', '*.json.gz');
      // Auto-detected schemas fail on real CloudTrail (requestParameters differ per API), so the records are
      // read as JSON, as any tool that keeps them whole must.
      await c.run(
        `CREATE TABLE raw AS SELECT unnest(Records) AS r FROM read_json('${glob}', columns = {Records: 'JSON[]'})`,
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
    const r = await measure(async () => {
      const { job } = await core.api.startIngest({ paths: [archive] });
      const end = await core.session.jobs.wait(job);
      if (end.state !== 'done' || !isIngestSummary(end.result))
        throw new Error(`ingest ${end.state}: ${end.error?.message}`);
      return end.result;
    });
    const ids = await core.api.listIdentities({ category: 'machine', limit: 1 });
    const actor = ids.rows[0]?.actor_uid ?? '';
    const queries = {
      'identity list page (200)': await latency(() => core.api.listIdentities({ limit: 200 })),
      'identity list, machine, search': await latency(() =>
        core.api.listIdentities({ category: 'machine', search: 'role' }),
      ),
      'events page (200), one identity': await latency(() => core.api.listEvents({ actor_uid: actor, limit: 200 })),
      'events page (200) at offset 100k': await latency(() => core.api.listEvents({ offset: 100_000, limit: 200 })),
      'event detail': await latency(async () => {
        const page = await core.api.listEvents({ limit: 1, offset: 5000 });
        return core.api.getEvent({ event_uid: page.rows[0]!.event_uid });
      }),
    };
    core.close();
    out({ kind, records: r.value.loaded, seconds: r.seconds, peakRssMiB: r.peakRssMiB, queries });
    return;
  }
  throw new Error(`unknown bench child ${kind}`);
}
