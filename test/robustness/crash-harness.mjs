#!/usr/bin/env node
// `npm run crash`: kill -9 at random points of an ingest, an analysis and a report export (20 trials each by
// default; TRAILMARK_CRASH_TRIALS=N), then open each case as the next user would and count what went wrong:
// cases that do not open, custody breaks (chain, anchor or table digests, as `info --verify-case` reports them),
// actions without custody (evidence rows, analysis runs or report files with no entry recording them), half-loaded
// files (an evidence row whose events are not the number it says it loaded), leftover staging. Not part of
// `npm test`: it takes minutes. Uses the bundled CLI (built by `npm run crash` first).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/trailmark.mjs');
const TRIALS = Number(process.env.TRAILMARK_CRASH_TRIALS ?? 20);
const work = mkdtempSync(path.join(os.tmpdir(), 'trailmark-crash-'));

const run = (...args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
const must = (r, what) => {
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/** Runs the command and kills it with SIGKILL after `ms` (or lets it finish); resolves with how it ended. */
function killAfter(args, ms) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? 'killed' : `exit ${code}`);
    });
  });
}

async function timed(args) {
  const t = performance.now();
  must(run(...args), args.join(' '));
  return performance.now() - t;
}

/** What the next user finds: opens the case with `info --verify-case`, then reads the database and the log. */
async function inspect(caseDir, reportsDir) {
  const out = {
    opens: false,
    custodyBroken: false,
    withoutCustody: 0,
    halfLoaded: 0,
    staging: 0,
    recovered: 0,
    problem: '',
  };
  const info = run('info', caseDir, '--verify-case', '--json');
  let parsed;
  try {
    parsed = JSON.parse(info.stdout);
  } catch {
    out.problem = info.stderr.trim().split('\n').pop() ?? '';
    return out;
  }
  out.opens = true;
  out.custodyBroken = !parsed.custody.ok || !parsed.verification?.ok;
  if (out.custodyBroken)
    out.problem =
      parsed.custody.problem ??
      parsed.verification.tables
        .filter((t) => !t.ok)
        .map((t) => `${t.table}: ${t.note}`)
        .join('; ');
  const log = readFileSync(path.join(caseDir, 'custody.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const count = (action) => log.filter((e) => e.action === action).length;
  out.recovered = log.filter((e) => e.recovered).length;
  const db = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const one = async (q) => Number((await conn.runAndReadAll(q)).getRows()[0][0]);
  try {
    const evidence = await one('SELECT count(*) FROM evidence_files');
    const runs = await one('SELECT count(*) FROM analysis_runs');
    out.withoutCustody += Math.max(0, evidence - count('evidence.added')) + Math.max(0, runs - count('analysis.run'));
    out.halfLoaded = await one(`SELECT count(*) FROM evidence_files f WHERE loaded <>
      (SELECT count(*) FROM events e WHERE e.evidence_id = f.evidence_id)`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  if (reportsDir && existsSync(reportsDir)) {
    const exported = new Set(log.filter((e) => e.action === 'report.exported').map((e) => e.detail.file));
    for (const f of readdirSync(reportsDir))
      if (f.endsWith('.pdf') && !exported.has(path.join(reportsDir, f))) out.withoutCustody++;
    out.staging += readdirSync(reportsDir).filter((f) => f.endsWith('.partial')).length;
  }
  const staging = path.join(caseDir, 'staging');
  if (existsSync(staging)) out.staging += readdirSync(staging).length;
  return out;
}

async function trials(kind, base, args, extra = () => null) {
  const full = path.join(work, `${kind}-timing.trailmark`);
  cpSync(base, full, { recursive: true });
  const ms = await timed(args(full, path.join(work, `${kind}-timing-reports`)));
  const totals = {
    trials: 0,
    killed: 0,
    opens: 0,
    custodyBroken: 0,
    withoutCustody: 0,
    halfLoaded: 0,
    staging: 0,
    recovered: 0,
  };
  const problems = new Set();
  for (let i = 0; i < TRIALS; i++) {
    const dir = path.join(work, `${kind}-${i}.trailmark`);
    const reports = path.join(work, `${kind}-${i}-reports`);
    cpSync(base, dir, { recursive: true });
    const at = Math.round(ms * (0.05 + Math.random()));
    const ended = await killAfter(args(dir, reports), at);
    extra(dir);
    const r = await inspect(dir, reports);
    totals.trials++;
    if (ended === 'killed') totals.killed++;
    if (r.opens) totals.opens++;
    if (r.custodyBroken) totals.custodyBroken++;
    totals.withoutCustody += r.withoutCustody;
    totals.halfLoaded += r.halfLoaded;
    totals.staging += r.staging;
    totals.recovered += r.recovered;
    if (r.problem) problems.add(r.problem);
    rmSync(dir, { recursive: true, force: true });
    rmSync(reports, { recursive: true, force: true });
  }
  console.log(
    `${kind.padEnd(8)} trials ${totals.trials} (killed ${totals.killed}, run ${Math.round(ms)} ms)  ` +
      `cases that open ${totals.opens}/${totals.trials}  custody breaks ${totals.custodyBroken}  ` +
      `actions without custody ${totals.withoutCustody}  half-loaded files ${totals.halfLoaded}  ` +
      `leftover staging ${totals.staging}  (entries written again from the case: ${totals.recovered})`,
  );
  for (const p of problems) console.log(`  ${p}`);
  return totals;
}

try {
  const evidence = path.join(work, 'evidence');
  must(run('demo', path.join(work, 'seed.trailmark'), '--days', '16', '--scale', '0.3', '--attacks'), 'demo');
  // The demo writes its evidence beside the case; ingest it again into cases of their own.
  cpSync(path.join(work, 'seed-evidence'), evidence, { recursive: true });
  const analysed = path.join(work, 'analysed.trailmark');
  cpSync(path.join(work, 'seed.trailmark'), analysed, { recursive: true });
  must(run('analyze', analysed), 'analyze');
  const fresh = path.join(work, 'fresh.trailmark');
  const nothing = path.join(work, 'nothing');
  mkdirSync(nothing);
  must(run('ingest', fresh, nothing), 'create an empty case');
  const results = [
    await trials('ingest', fresh, (dir) => ['ingest', dir, evidence]),
    await trials('analyze', path.join(work, 'seed.trailmark'), (dir) => ['analyze', dir]),
    await trials('report', analysed, (dir, reports) => [
      'report',
      dir,
      '--out',
      path.join(reports, 'r.pdf'),
      '--investigator',
      'Crash Harness',
    ]),
  ];
  const bad = results.reduce(
    (n, t) => n + (t.trials - t.opens) + t.custodyBroken + t.withoutCustody + t.halfLoaded + t.staging,
    0,
  );
  console.log(`crash harness: ${bad} failures in ${results.reduce((n, t) => n + t.trials, 0)} trials`);
  process.exitCode = bad ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
