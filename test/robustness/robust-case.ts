import path from 'node:path';
import { rm } from 'node:fs/promises';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { attackInjection } from '../../main/core/demo/attacks';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest } from '../helpers/core';
import { tempDir } from '../helpers/paths';

/** A small generated CloudTrail case (with the attack scenarios, so analysis finds something), through the API. */
export async function robustCase(opts: { analyse?: boolean } = {}): Promise<{
  core: CoreService;
  root: string;
  caseDir: string;
  evidence: string;
  cleanup: () => Promise<void>;
}> {
  const root = await tempDir('trailmark-robust-');
  const evidence = path.join(root, 'evidence');
  await generateCloudTrailArchive({
    outDir: evidence,
    seed: 3,
    days: 16,
    scale: 0.1,
    inject: attackInjection().inject,
  });
  const core = createCoreService('cli');
  const caseDir = (await core.api.openCase({ path: path.join(root, 'robust.trailmark'), create: true })).path;
  await ingest(core, [evidence]);
  if (opts.analyse) {
    const { job } = await core.api.startAnalysis({});
    const end = await core.session.jobs.wait(job);
    if (end.state !== 'done' || end.kind !== 'analysis' || !end.result) throw new Error(`analysis ${end.state}`);
  }
  return {
    core,
    root,
    caseDir,
    evidence,
    cleanup: async () => {
      core.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
