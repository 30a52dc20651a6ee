import { rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IngestSummary } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { ingestPaths } from '../pipelines/ingest';
import type { JobContext } from '../jobs/job-runner';
import { attackInjection } from './attacks';
import { generateCloudTrailArchive } from './generate-cloudtrail';

export interface DemoOptions {
  seed: number;
  days: number;
  scale: number;
  attacks?: boolean;
}

export function defaultDemoCasePath(): string {
  return path.join(os.homedir(), 'Trailmark', 'demo.trailmark');
}

/** The generated archive sits beside the case, as evidence would: NAME.trailmark → NAME-evidence/. */
export function demoEvidenceDir(caseDir: string): string {
  return path.join(path.dirname(caseDir), `${path.basename(caseDir, '.trailmark')}-evidence`);
}

/** Generates the seeded CloudTrail archive (unless a complete one is there) and ingests it into the case. */
export async function buildDemo(c: CaseFile, opts: DemoOptions, ctx: JobContext): Promise<IngestSummary> {
  const events = await c.db.scalar<number>('SELECT count(*) FROM events');
  if (events > 0) {
    ctx.progress({ phase: 'demo case already built', message: c.dir });
    return { case: c.dir, files: [], records: 0, loaded: 0, quarantined: 0, identities: 0 };
  }
  const evidence = demoEvidenceDir(c.dir);
  const marker = path.join(evidence, 'AWSLogs');
  if (
    await stat(marker).then(
      () => true,
      () => false,
    )
  )
    await rm(evidence, { recursive: true, force: true });
  ctx.progress({ phase: 'generating demo archive', unit: 'files', done: 0, total: null, message: evidence });
  const injection = opts.attacks ? attackInjection() : null;
  await generateCloudTrailArchive({
    inject: injection?.inject,
    outDir: evidence,
    seed: opts.seed,
    days: opts.days,
    scale: opts.scale,
    onProgress: (done, total) => {
      if (ctx.signal.aborted) throw new Error('cancelled');
      ctx.progress({ done, total });
    },
  });
  // Beside the evidence, not in it: the ground truth must not be ingested as evidence.
  if (injection) await writeFile(`${evidence}-ground-truth.json`, JSON.stringify(injection.truths, null, 2));
  await c.custody.append('demo.generated', { evidence, ...opts });
  return ingestPaths(c, [evidence], ctx);
}
