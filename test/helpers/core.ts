import path from 'node:path';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { type IngestSummary } from '../../shared/model';
import { tempDir } from './paths';

/** A real core with a real case file in a fresh temp folder. */
export async function openTempCase(name = 'test'): Promise<{ core: CoreService; dir: string }> {
  const root = await tempDir();
  const core = createCoreService('cli');
  const info = await core.api.openCase({ path: path.join(root, `${name}.trailmark`), create: true });
  return { core, dir: info.path };
}

/** Runs an ingest job to its end and returns its summary, or throws with the job's error. */
export async function ingest(core: CoreService, paths: string[]): Promise<IngestSummary> {
  const { job } = await core.api.startIngest({ paths });
  const end = await core.session.jobs.wait(job);
  if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
    throw new Error(`ingest ${end.state}: ${end.error?.message}`);
  return end.result;
}
