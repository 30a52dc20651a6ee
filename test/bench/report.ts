// Bench section: a signed report of a generated case with 1,000 findings and 50 charts (issue 6 asks < 10 s).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { resultOf } from '../../shared/jobs';
import { ReportResult } from '../../shared/model';
import { createCoreService } from '../../main/core/api/service';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { seedFindings } from '../integration/report-case';
import { writeFile } from 'node:fs/promises';

export async function benchReport(work: string): Promise<void> {
  const dir = path.join(work, 'report-bench.trailmark');
  await rm(dir, { recursive: true, force: true });
  const core = createCoreService('cli');
  try {
    const demo = await core.api.startDemo({
      path: dir,
      seed: 3,
      days: 21,
      scale: Number(process.env.BENCH_REPORT_SCALE ?? 1),
    });
    const built = await core.session.jobs.wait(demo.job);
    if (!resultOf(built, 'demo')) throw new Error(`demo case: ${built.error?.message}`);
    await seedFindings(core.session.requireCase().db, 1000);
    const p12 = path.join(work, 'report-bench.p12');
    await writeFile(
      p12,
      toPkcs12(createSelfSignedIdentity({ name: 'Bench Investigator', organization: 'Trailmark' }), 'bench'),
    );
    // CPU time (all threads) beside wall time: on a shared machine the wall clock mostly measures the neighbours.
    const rows: string[][] = [['paper', 'findings', 'charts', 'pages', 'MiB', 'seconds', 'CPU seconds']];
    for (const paper of ['A4', 'Letter'] as const) {
      const cpu = process.cpuUsage();
      const { job } = await core.api.startReport({
        out: path.join(work, `report-bench-${paper}.pdf`),
        paper,
        investigator: 'Bench Investigator',
        max_charts: 50,
        sign: { kind: 'p12', path: p12, passphrase: 'bench' },
      });
      const end = await core.session.jobs.wait(job);
      const r = ReportResult.parse(end.result);
      const used = process.cpuUsage(cpu);
      rows.push([
        paper,
        String(r.findings),
        String(r.charts),
        String(r.pages),
        (r.bytes / 2 ** 20).toFixed(1),
        r.seconds.toFixed(2),
        ((used.user + used.system) / 1e6).toFixed(2),
      ]);
    }
    console.log('\nSigned PDF report (gather in DuckDB, lay out, sign; 1,000 findings, 50 charts):');
    printTable(rows);
  } finally {
    core.close();
  }
  await benchAttackCaseReports(work);
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

/**
 * Length for reading (issue 21): the demo case with its attacks, analysed, reported whole and scoped to the
 * identity of its strongest finding once that finding is confirmed. Targets: under 60 and under 15 pages.
 */
async function benchAttackCaseReports(work: string): Promise<void> {
  const dir = path.join(work, 'report-attacks.trailmark');
  await rm(dir, { recursive: true, force: true });
  const core = createCoreService('cli');
  try {
    const demo = await core.api.startDemo({ path: dir, attacks: true });
    const built = await core.session.jobs.wait(demo.job);
    if (!resultOf(built, 'demo')) throw new Error(`demo case: ${built.error?.message}`);
    const analysis = await core.session.jobs.wait((await core.api.startAnalysis({})).job);
    if (analysis.state !== 'done') throw new Error(`analysis: ${analysis.error?.message}`);
    const top = (await core.api.listFindings({ limit: 1 })).rows[0];
    if (!top?.actor_uid) throw new Error('the attack case has no finding with an identity');
    await core.api.setFindingStatus({ id: top.id, status: 'confirmed', note: 'bench' });
    const rows: string[][] = [['report', 'findings', 'pages', 'MiB', 'seconds']];
    const scopes: [string, { actor_uids?: string[]; confirmed_only?: boolean }][] = [
      ['whole case', {}],
      ['one finding', { actor_uids: [top.actor_uid], confirmed_only: true }],
    ];
    for (const [name, scope] of scopes) {
      const { job } = await core.api.startReport({
        out: path.join(work, `report-attacks-${name.replace(' ', '-')}.pdf`),
        investigator: 'Bench Investigator',
        ...scope,
      });
      const r = ReportResult.parse((await core.session.jobs.wait(job)).result);
      rows.push([name, String(r.findings), String(r.pages), (r.bytes / 2 ** 20).toFixed(1), r.seconds.toFixed(2)]);
    }
    console.log('\nReport length, demo case with attacks (targets: whole case < 60 pages, one finding < 15):');
    printTable(rows);
  } finally {
    core.close();
  }
}
