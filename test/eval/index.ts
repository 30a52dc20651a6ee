/**
 * `npm run eval`: the detectors measured on injected attacks. For each seed, a multi-week CloudTrail archive
 * with benign traffic (and its own benign novelty) plus the attack scenarios is generated, ingested into a
 * real case and analysed with the default learning window (everything before the last 7 days). Printed: recall
 * per detector and overall, and medium-or-higher findings that match no scenario per million benign events.
 *
 * Before that, the labelled identity corpus scored per source (identities.ts).
 *
 * EVAL_SEEDS=1,2,3  EVAL_DAYS=28  EVAL_SCALE=2  EVAL_VERBOSE=1 (lists misses and false findings)  EVAL_KEEP=1
 * EVAL_PART=identities|scenarios|lineage runs only that part (lineage: the edges against the generator's truth, no detectors).
 * The scenarios part prints the lineage figures too.
 */
import { rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detect } from '../../main/core/analysis/run-analysis';
import { DETECTORS } from '../../main/core/analysis/detectors';
import { createCoreService } from '../../main/core/api/service';
import { attackInjection } from '../../main/core/demo/attacks';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { param, sql } from '../../main/core/db/sql';
import { evalIdentities } from './identities';
import { printLineage, scoreLineage, type LineageTally } from './lineage';
import { evalVaultLineage } from './lineage-vault';
import { buildLineage } from '../../main/core/identity/lineage';
import type { LineageTruth } from '../../main/core/demo/cloudtrail-activity';
import { score, type SeedScore } from './scenario-match';

const seeds = (process.env.EVAL_SEEDS ?? '1,2,3').split(',').map(Number);
const days = Number(process.env.EVAL_DAYS ?? 28);
const scale = Number(process.env.EVAL_SCALE ?? 2);
const verbose = process.env.EVAL_VERBOSE === '1';
const log = (s: string) => process.stdout.write(s + '\n');

async function runSeed(seed: number): Promise<SeedScore | null> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trailmark-eval-'));
  const core = createCoreService('cli');
  try {
    const { inject, truths } = attackInjection();
    const lineage: LineageTruth[] = [];
    await generateCloudTrailArchive({
      outDir: path.join(root, 'evidence'),
      seed,
      days,
      scale,
      inject,
      lineage,
      crossSource: true,
    });
    await core.api.openCase({ path: path.join(root, 'eval.trailmark'), create: true });
    const i0 = Date.now();
    const { job } = await core.api.startIngest({ paths: [path.join(root, 'evidence')] });
    const end = await core.session.jobs.wait(job);
    if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
      throw new Error(`ingest ${end.state}: ${end.error?.message}`);
    const db = core.session.requireCase().db;
    const b = Date.now();
    await buildLineage(db); // again, timed alone (the ingest built it already)
    lineageTallies.push(await scoreLineage(db, lineage, Date.now() - b, b - i0));
    if (part === 'lineage') return null;
    const t = Date.now();
    const r = await detect(core.session.requireCase().db, {});
    const attackRecords = truths.reduce((n, s) => n + s.records, 0);
    const s = score(seed, r.findings, r.signals, truths, r.analysedEvents - attackRecords);
    // How much there is to read: findings of any severity per analysed identity per analysed day (7 by default).
    const active = await core.session
      .requireCase()
      .db.scalar<number>(
        sql`SELECT count(DISTINCT actor_uid) FROM events WHERE time >= ${param(r.params.baselineUntil)}::TIMESTAMPTZ`,
      );
    const firstSeen = r.signals.filter((x) => x.detector.startsWith('first_seen_')).length;
    log(
      `seed ${seed}: ${r.findings.length} findings (${firstSeen} first-seen signals) over ${active} identities: ` +
        `${(r.findings.length / Math.max(1, Number(active)) / 7).toFixed(3)} findings per identity per day`,
    );
    log(
      `seed ${seed}: ${end.result.loaded.toLocaleString('en-US')} events (${r.analysedEvents.toLocaleString('en-US')} analysed), ` +
        `${truths.length} scenarios, ${s.caught.length} caught, ${s.falseFindings.length} false medium+ findings; analysis ${Date.now() - t} ms`,
    );
    if (verbose) {
      for (const m of s.missed) log(`  missed: ${m}`);
      for (const f of s.falseFindings)
        log(`  false: ${f.severity} ${f.score} ${f.actor_uid} ${f.start} ${f.title} — ${f.explanation.slice(0, 300)}`);
    }
    return s;
  } finally {
    core.close();
    if (process.env.EVAL_KEEP === '1') log(`  kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}

const lineageTallies: LineageTally[] = [];
const part = process.env.EVAL_PART;
if (part !== 'scenarios' && part !== 'lineage') await evalIdentities(log, verbose);
if (part === 'identities') process.exit(0);
log('');

const results: SeedScore[] = [];
for (const seed of seeds) {
  const r = await runSeed(seed);
  if (r) results.push(r);
}
for (const seed of seeds) lineageTallies.push(await evalVaultLineage(seed, days));
printLineage(log, lineageTallies);
if (part === 'lineage') process.exit(0);

const total = results.reduce((n, r) => n + r.scenarios, 0);
const benign = results.reduce((n, r) => n + r.benignEvents, 0);
const falses = results.reduce((n, r) => n + r.falseFindings.length, 0);
const pct = (x: number) => x.toFixed(2);
log(`\nrecall per detector, ${seeds.length} seeds, ${days} days, scale ${scale}, ${total} scenario runs`);
log(`  ${'detector'.padEnd(26)} ${'in a medium+ finding'.padEnd(22)} medium+ on its own`);
for (const d of DETECTORS) {
  const part = results.reduce((n, r) => n + (r.byDetector.get(d.name)?.size ?? 0), 0);
  const alone = results.reduce((n, r) => n + (r.alone.get(d.name)?.size ?? 0), 0);
  log(
    `  ${d.name.padEnd(26)} ${`${pct(part / total)} (${part}/${total})`.padEnd(22)} ${pct(alone / total)} (${alone}/${total})`,
  );
}
const caught = results.reduce((n, r) => n + r.caught.length, 0);
log(`overall recall: ${pct(caught / total)} (${caught}/${total})`);
log(
  `false medium+ findings: ${falses} over ${benign.toLocaleString('en-US')} benign analysed events = ` +
    `${((falses / Math.max(1, benign)) * 1e6).toFixed(1)} per million`,
);
const missedByScenario = new Map<string, number>();
for (const r of results) for (const m of r.missed) missedByScenario.set(m, (missedByScenario.get(m) ?? 0) + 1);
if (missedByScenario.size) log(`missed: ${[...missedByScenario].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
