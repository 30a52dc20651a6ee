import { createHash } from 'node:crypto';
import { readdir, readFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createCoreService } from '../../main/core/api/service';
import { measure } from './measure';

/**
 * Integrity checks on the case the ingest bench built: log gap detection over every event (cold, then from the
 * case's cache), and CloudTrail digest validation of every log file, with digests made here for the archive (one
 * per folder, as CloudTrail delivers them per hour) and ingested after the logs, as a late-arriving export would be.
 */
export async function benchIntegrity(archive: string, work: string): Promise<void> {
  const caseDir = path.join(work, 'bench.trailmark');
  const digestDir = path.join(work, 'bench-digests');
  await rm(digestDir, { recursive: true, force: true });
  const logs = (await readdir(archive, { recursive: true, withFileTypes: true })).filter(
    (e) => e.isFile() && e.name.endsWith('.json.gz'),
  );
  const byFolder = new Map<string, string[]>();
  for (const e of logs) byFolder.set(e.parentPath, [...(byFolder.get(e.parentPath) ?? []), e.name]);
  let n = 0;
  for (const [folder, names] of byFolder) {
    const logFiles = [];
    for (const name of names) {
      const content = gunzipSync(await readFile(path.join(folder, name)));
      const key = path.relative(archive, path.join(folder, name));
      logFiles.push({
        s3Bucket: 'bench',
        s3Object: key,
        hashValue: createHash('sha256').update(content).digest('hex'),
      });
    }
    const key = `AWSLogs/111122223333/CloudTrail-Digest/us-east-1/d${++n}.json.gz`;
    const digest = {
      awsAccountId: '111122223333',
      digestStartTime: '2026-01-01T00:00:00Z',
      digestEndTime: '2026-01-01T01:00:00Z',
      digestS3Bucket: 'bench',
      digestS3Object: key,
      logFiles,
    };
    await mkdir(path.join(digestDir, path.dirname(key)), { recursive: true });
    await writeFile(path.join(digestDir, key), gzipSync(JSON.stringify(digest)));
  }

  const core = createCoreService('cli');
  try {
    await core.api.openCase({ path: caseDir, create: false });
    await core.session.requireCase().db.run("DELETE FROM case_meta WHERE key = 'integrity.gaps'");
    const cold = await measure(() => core.api.caseInfo({}));
    const warm = await measure(() => core.api.caseInfo({}));
    const { job } = await core.api.startIngest({ paths: [digestDir] });
    await core.session.jobs.wait(job);
    const v = await measure(() => core.api.validateDigests({}));
    console.log('\nIntegrity checks on the ingested case:');
    console.log(
      `  log gaps over ${cold.value.events.toLocaleString('en-US')} events: ${cold.value.gaps.streams} streams, ` +
        `${cold.value.gaps.total} gaps; case info ${cold.seconds.toFixed(2)} s cold, ${warm.seconds.toFixed(3)} s cached`,
    );
    console.log(
      `  digest validation: ${v.value.digests} digests, ${v.value.log_files.listed} log files ` +
        `(${v.value.log_files.valid} valid, re-hashed from the originals) in ${v.seconds.toFixed(2)} s, peak RSS ${v.peakRssMiB.toFixed(0)} MiB`,
    );
  } finally {
    core.close();
  }
}
