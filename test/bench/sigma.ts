// Bench section: every shipped Sigma rule (or BENCH_SIGMA's) run over the case the ingest bench left behind. Printed,
// never asserted.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaseFile } from '../../main/core/case/case-file';
import { loadSigmaRules, runSigmaRules, shippedRulesDir } from '../../main/core/sigma';

export async function benchSigma(caseDir: string): Promise<void> {
  const rulesDir = process.env.BENCH_SIGMA ? path.resolve(process.env.BENCH_SIGMA) : shippedRulesDir();
  if (!rulesDir || !existsSync(rulesDir) || !existsSync(caseDir)) {
    console.log(`\nSigma: skipped (no rules at ${rulesDir} or no case at ${caseDir})`);
    return;
  }
  const t0 = performance.now();
  const set = await loadSigmaRules(rulesDir);
  const loadMs = performance.now() - t0;
  const c = await CaseFile.open(caseDir, { create: false });
  try {
    const events = await c.db.scalar<number>('SELECT count(*) FROM events');
    const starts: number[] = [];
    const t1 = performance.now();
    const findings = await runSigmaRules(c.db, set.rules, { onRule: () => void starts.push(performance.now()) });
    const end = performance.now();
    const total = end - t1;
    const perRule = starts.map((s, i) => (starts[i + 1] ?? end) - s).sort((a, b) => a - b);
    const q = (p: number) => perRule[Math.min(perRule.length - 1, Math.floor(p * perRule.length))] ?? 0;
    console.log(
      `\nSigma: ${set.rules.length} rules compiled, ${set.rejected.length} rejected, loaded in ${loadMs.toFixed(0)} ms; ` +
        `run over ${events.toLocaleString('en-US')} events in ${(total / 1000).toFixed(2)} s ` +
        `(per rule p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${q(1).toFixed(0)} ms), ${findings.length} findings`,
    );
  } finally {
    c.close();
  }
}
