// `npm run bench`: Trailmark's ingest against DuckDB's bare read_json + unnest of the same generated CloudTrail
// archive, in the same run, each in its own process; then query latencies on the ingested case. Figures are
// printed, never asserted. BENCH_SCALE sets the archive size (1 ≈ 35k events; default 30 ≈ 1M events).
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { bigFilesSection, runBigChild } from './big-cloudtrail';
import { runChild } from './child';
import { medianBy } from './measure';
import { benchIntegrity } from './integrity';
import { benchCoreOffThread } from './electron-port';
import { benchSigma } from './sigma';
import { benchReport } from './report';
import { consoleBench } from './console';
import { workspaceBench } from './workspace';
import { runWrappedChild, wrappedSection } from './wrapped-exports';

const self = fileURLToPath(import.meta.url);

interface ChildResult {
  kind: string;
  records: number;
  seconds: number;
  peakRssMiB: number;
  queries?: Record<string, { p50: number; p95: number }>;
  progress?: { maxGapMs: number; cancelMs: number };
  /**
   * Seconds of the ingest spent resolving and classifying identities, building lineage, and sealing custody
   * (digests, anchor).
   */
  steps?: { identitySeconds: number; lineageSeconds: number; custodySeconds: number };
}

async function main(): Promise<void> {
  const [flag, childKind, childArchive, childWork] = process.argv.slice(2);
  if (flag === '--child' && childKind?.startsWith('wrapped:') && childArchive && childWork)
    return runWrappedChild(childKind, childArchive, childWork);
  if (flag === '--child' && childKind?.startsWith('big-') && childArchive && childWork)
    return runBigChild(childKind, childArchive, childWork);
  if (flag === '--child' && childKind && childArchive && childWork) return runChild(childKind, childArchive, childWork);

  const scale = Number(process.env.BENCH_SCALE ?? 30);
  const days = Number(process.env.BENCH_DAYS ?? 21);
  const work = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'trailmark-bench');
  if (process.env.BENCH_ONLY === 'workspace') return workspaceBench(work); // the views on the 10M-event case only
  if (process.env.BENCH_ONLY === 'console') return consoleBench(work); // the query console on the same case
  const archive = path.join(work, `cloudtrail-s${scale}-d${days}`);
  await mkdir(work, { recursive: true });
  if (process.env.BENCH_ONLY === 'big') return bigFilesSection(self, work); // the large-file section alone
  // The archive is kept between runs (it is the same for the same scale and seed); its sizes are saved beside it.
  const sizes = path.join(work, `cloudtrail-s${scale}-d${days}.json`);
  let gen: { files: number; records: number; uncompressedBytes: number };
  if (await stat(sizes).catch(() => null)) gen = JSON.parse(await readFile(sizes, 'utf8'));
  else {
    process.stderr.write(`generating a CloudTrail archive (scale ${scale}, ${days} days) in ${archive}…\n`);
    await rm(archive, { recursive: true, force: true });
    const g = await generateCloudTrailArchive({ outDir: archive, seed: 7, days, scale });
    gen = { files: g.files, records: g.records, uncompressedBytes: g.uncompressedBytes };
    await writeFile(sizes, JSON.stringify(gen));
  }
  if (process.env.BENCH_ONLY === 'wrapped') return wrappedSection(self, archive, work); // the three deliveries alone

  const run = (k: string): ChildResult => {
    process.stderr.write(`running ${k}…\n`);
    const r = spawnSync(process.execPath, [self, '--child', k, archive, work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`${k} failed (exit ${r.status})`);
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
  };
  // BENCH_RUNS > 1 alternates baseline and Trailmark that many times and reports each one's median run, so a
  // machine whose load changes during the bench still compares like with like.
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const kinds = ['baseline', 'baseline-lines', 'trailmark'] as const;
  const all: Record<(typeof kinds)[number], ChildResult[]> = { baseline: [], 'baseline-lines': [], trailmark: [] };
  for (let i = 0; i < runs; i++) for (const k of kinds) all[k].push(run(k));
  const median = (rs: ChildResult[]) => medianBy(rs, (r) => r.seconds);
  if (runs > 1)
    for (const k of kinds) console.log(`${k} seconds: ${all[k].map((r) => r.seconds.toFixed(2)).join(', ')}`);
  const baseline = median(all.baseline);
  const baselineLines = median(all['baseline-lines']);
  const trailmark = median(all.trailmark);
  const label: Record<string, string> = {
    baseline: 'DuckDB bare read_json + unnest',
    'baseline-lines': "DuckDB bare read_json(format='newline_delimited') + unnest",
    trailmark: 'Trailmark ingest (hash, sniff, normalise, classify)',
  };

  const mbps = (r: ChildResult) => (gen.uncompressedBytes / 2 ** 20 / r.seconds).toFixed(0);
  const rows = [
    ['', 'records', 'seconds', 'records/s', 'MiB/s (uncompressed)', 'peak RSS MiB'],
    ...[baseline, baselineLines, trailmark].map((r) => [
      label[r.kind] ?? r.kind,
      r.records.toLocaleString('en-US'),
      r.seconds.toFixed(2),
      Math.round(r.records / r.seconds).toLocaleString('en-US'),
      mbps(r),
      r.peakRssMiB.toFixed(0),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(
    `\nIngest: ${gen.files} files, ${gen.records} records, ${(gen.uncompressedBytes / 2 ** 20).toFixed(0)} MiB uncompressed JSON, on ${os.availableParallelism()} cores`,
  );
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  '));
  console.log(`ratio Trailmark / bare DuckDB: ${(trailmark.seconds / baseline.seconds).toFixed(2)}x`);
  console.log(
    `ratio Trailmark / bare DuckDB told the files are newline-delimited: ${(trailmark.seconds / baselineLines.seconds).toFixed(2)}x`,
  );
  const pr = trailmark.progress;
  if (pr)
    console.log(
      `progress: longest gap between progress events while loading ${pr.maxGapMs.toFixed(0)} ms; ` +
        `cancel one second into loading took ${pr.cancelMs.toFixed(0)} ms to end the job`,
    );
  const st = trailmark.steps;
  if (st)
    console.log(
      `identity resolution and classification: ${st.identitySeconds.toFixed(2)} s ` +
        `(${((100 * st.identitySeconds) / trailmark.seconds).toFixed(1)}% of the ingest); ` +
        `lineage build: ${st.lineageSeconds.toFixed(2)} s ` +
        `(${((100 * st.lineageSeconds) / trailmark.seconds).toFixed(1)}% of the ingest, target < 10%); ` +
        `custody digests and anchor: ${st.custodySeconds.toFixed(2)} s ` +
        `(${((100 * st.custodySeconds) / trailmark.seconds).toFixed(1)}%)`,
    );
  console.log('\nQueries on the ingested case (ms):');
  for (const [name, q] of Object.entries(trailmark.queries ?? {}))
    console.log(`  ${name.padEnd(36)} p50 ${q.p50.toFixed(1).padStart(7)}   p95 ${q.p95.toFixed(1).padStart(7)}`);
  if (process.env.BENCH_ONLY === 'ingest') return; // skip the other sections while tuning the ingest
  await wrappedSection(self, archive, work);
  await bigFilesSection(self, work);
  await benchIntegrity(archive, work);
  await benchCoreOffThread(archive, work);
  await benchSigma(path.join(work, 'bench.trailmark'));
  await benchReport(work);
  await workspaceBench(work);
  await consoleBench(work);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
