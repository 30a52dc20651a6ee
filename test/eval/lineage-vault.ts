/**
 * The cross-source part of the lineage eval: a Vault AWS secrets engine and the IAM users it minted
 * (demo/vault-leases.ts), in a case of their own so that the detector figures of the CloudTrail demo stay as they
 * were. Scored like the CloudTrail chains (scoreLineage), per kind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCoreService } from '../../main/core/api/service';
import type { LineageTruth } from '../../main/core/demo/cloudtrail-activity';
import { generateVaultLeases } from '../../main/core/demo/vault-leases';
import { buildLineage } from '../../main/core/identity/lineage';
import { resultOf } from '../../shared/jobs';
import { scoreLineage, type LineageTally } from './lineage';

export async function evalVaultLineage(seed: number, days: number): Promise<LineageTally> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trailmark-eval-vault-'));
  const core = createCoreService('cli');
  try {
    const truth: LineageTruth[] = [];
    await generateVaultLeases({
      outDir: path.join(root, 'evidence'),
      seed,
      days,
      start: Date.UTC(2026, 8, 1),
      lineage: truth,
    });
    await core.api.openCase({ path: path.join(root, 'vault.trailmark'), create: true });
    const i0 = Date.now();
    const { job } = await core.api.startIngest({ paths: [path.join(root, 'evidence')] });
    const end = await core.session.jobs.wait(job);
    if (!resultOf(end, 'ingest')) throw new Error(`ingest ${end.state}: ${end.error?.message}`);
    const db = core.session.requireCase().db;
    const b = Date.now();
    await buildLineage(db);
    return { ...(await scoreLineage(db, truth, Date.now() - b, b - i0)), label: `Vault leases, seed ${seed}` };
  } finally {
    core.close();
    await rm(root, { recursive: true, force: true });
  }
}
