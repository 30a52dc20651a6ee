// Few large CloudTrail files: one {"Records":[...]} object per file, far past DuckDB's 16 MB maximum_object_size.
// Trailmark's ingest (stream-split into one record a line, then read as text) against bare DuckDB reading the same files
// with maximum_object_size raised, each in its own process so each peak RSS is its own. Printed, never asserted.
// BENCH_BIG_FILES (default 1) files of BENCH_BIG_MB (default 250) MiB each.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCoreService } from '../../main/core/api/service';
import { measure, medianBy } from './measure';

const ROLES = ['ci-deployer', 'etl-batch', 'lambda-exec', 'backup-agent', 'payments-api'];

function record(i: number): string {
  const role = ROLES[i % ROLES.length];
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:${role}-${i % 97}`,
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/${role}-${i % 97}`,
      accountId: '111122223333',
      accessKeyId: `ASIAEXAMPLE${String(i % 9973).padStart(6, '0')}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/${role}`, userName: role },
        attributes: { creationDate: '2026-10-01T00:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: new Date(Date.UTC(2026, 9, 1) + i * 250).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: ['s3.amazonaws.com', 'kms.amazonaws.com', 'sts.amazonaws.com'][i % 3],
    eventName: ['GetObject', 'Decrypt', 'GetCallerIdentity', 'PutObject'][i % 4],
    awsRegion: 'eu-west-1',
    sourceIPAddress: `10.${i % 256}.${(i >> 8) % 256}.7`,
    userAgent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux api/s3#1.58.2',
    requestParameters: { bucketName: 'data-lake-raw', key: `landing/2026/10/01/part-${i}.parquet` },
    responseElements: null,
    requestID: `REQ${i.toString(16).padStart(12, '0')}`,
    eventID: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    readOnly: true,
    resources: [{ accountId: '111122223333', type: 'AWS::S3::Object', ARN: `arn:aws:s3:::data-lake-raw/part-${i}` }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
  });
}

/** Writes one {"Records":[...]} file of about `mib` MiB, streaming, and returns its record count. */
async function writeBigFile(file: string, mib: number, first: number): Promise<number> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('{"Records":[');
  let bytes = 0;
  let n = 0;
  while (bytes < mib * 2 ** 20) {
    const r = (n ? ',' : '') + record(first + n);
    bytes += r.length;
    n++;
    await write(r);
  }
  await write(']}');
  await new Promise<void>((r) => out.end(() => r()));
  return n;
}

/** Child process side: one measurement, printed as a JSON line. */
export async function runBigChild(kind: string, folder: string, work: string): Promise<void> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).map((f) => path.join(folder, f));
  if (kind === 'big-baseline') {
    const dbFile = path.join(work, 'big-baseline.duckdb');
    await rm(dbFile, { force: true });
    const maxSize = Math.max(...(await Promise.all(files.map(async (f) => (await stat(f)).size)))) + 1024;
    const r = await measure(async () => {
      const db = await DuckDBInstance.create(dbFile);
      const c = await db.connect();
      const list = files.map((f) => `'${f}'`).join(', ');
      await c.run(`CREATE TABLE raw AS SELECT unnest(Records) AS r FROM read_json([${list}],
        columns = {Records: 'JSON[]'}, maximum_object_size = ${maxSize})`);
      const n = Number((await c.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]?.[0]);
      c.closeSync();
      db.closeSync();
      return n;
    });
    process.stdout.write(
      JSON.stringify({ kind, records: r.value, seconds: r.seconds, peakRssMiB: r.peakRssMiB }) + '\n',
    );
    return;
  }
  const caseDir = path.join(work, 'big.trailmark');
  await rm(caseDir, { recursive: true, force: true });
  const core = createCoreService('cli');
  await core.api.openCase({ path: caseDir, create: true });
  const r = await measure(async () => {
    const { job } = await core.api.startIngest({ paths: [folder] });
    const end = await core.session.jobs.wait(job);
    if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
      throw new Error(`ingest ${end.state}: ${end.error?.message}`);
    return end.result.loaded;
  });
  core.close();
  process.stdout.write(JSON.stringify({ kind, records: r.value, seconds: r.seconds, peakRssMiB: r.peakRssMiB }) + '\n');
}

/** Parent side: generate the files once, run both children, print the comparison. */
export async function bigFilesSection(self: string, work: string): Promise<void> {
  const count = Number(process.env.BENCH_BIG_FILES ?? 1);
  const mib = Number(process.env.BENCH_BIG_MB ?? 250);
  if (count <= 0) return;
  const folder = path.join(work, `big-cloudtrail-${count}x${mib}`);
  if (!(await stat(folder).catch(() => null))) {
    process.stderr.write(`generating ${count} CloudTrail file(s) of ${mib} MiB in ${folder}…\n`);
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < count; i++) await writeBigFile(path.join(folder, `big-${i}.json`), mib, i * 10_000_000);
  }
  const run = (kind: string) => {
    process.stderr.write(`running ${kind}…\n`);
    const r = spawnSync(process.execPath, [self, '--child', kind, folder, work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) return { kind, records: 0, seconds: NaN, peakRssMiB: NaN, failed: `exit ${r.status}` };
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | string>;
  };
  // BENCH_RUNS > 1 alternates the two that many times: the bare read's own time moves by a third on a shared
  // machine, so each pair is compared, and the medians are printed.
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const pairs = Array.from({ length: runs }, () => [run('big-baseline'), run('big-trailmark')] as const);
  const ratio = (b: Record<string, number | string>, t: Record<string, number | string>) =>
    Number(b.seconds) / Number(t.seconds);
  const base = medianBy(
    pairs.map((p) => p[0]),
    (r) => Number(r.seconds),
  );
  const tm = medianBy(
    pairs.map((p) => p[1]),
    (r) => Number(r.seconds),
  );
  console.log(`\nLarge CloudTrail files: ${count} x ${mib} MiB, one {"Records":[...]} object each`);
  if (runs > 1)
    for (const [i, [b, t]] of pairs.entries())
      console.log(
        `  run ${i + 1}: bare ${Number(b.seconds).toFixed(2)} s, Trailmark ${Number(t.seconds).toFixed(2)} s (peak RSS ${Number(t.peakRssMiB).toFixed(0)} MiB), ${ratio(b, t).toFixed(2)}x`,
      );
  for (const r of [base, tm])
    console.log(
      `  ${r.kind === 'big-baseline' ? 'DuckDB read_json, maximum_object_size raised' : 'Trailmark ingest (stream-split into lines)'}`.padEnd(
        50,
      ) +
        `  ${String(r.records).padStart(10)} records  ${Number(r.seconds).toFixed(2).padStart(8)} s  peak RSS ${Number(r.peakRssMiB).toFixed(0).padStart(6)} MiB${r.failed ? `  FAILED (${r.failed})` : ''}`,
    );
  const ratios = pairs.map(([b, t]) => ratio(b, t));
  console.log(
    `  speed-up Trailmark vs bare DuckDB: ${medianBy(ratios, (x) => x).toFixed(2)}x${runs > 1 ? ` (median of ${runs} pairs; ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x)` : ''}`,
  );
}
