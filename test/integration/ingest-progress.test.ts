import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseFile } from '../../main/core/case/case-file';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingestPaths } from '../../main/core/pipelines/ingest';
import type { JobProgress } from '../../shared/model';
import { tempDir } from '../helpers/paths';

type Update = Partial<Pick<JobProgress, 'phase' | 'done' | 'total' | 'unit' | 'message'>>;

describe('ingest progress while loading records', () => {
  it('counts bytes of the files read, never goes back, and ends at the total', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'archive');
    await generateCloudTrailArchive({ outDir: dir, seed: 5, days: 3, scale: 0.5 });
    const c = await CaseFile.open(path.join(root, 'p.trailmark'), { create: true });
    // Every update the ingest makes, unthrottled (the job runner sends at most one each 200 ms).
    const state: Update = {};
    const loading: Update[] = [];
    const summary = await ingestPaths(c, [dir], {
      signal: new AbortController().signal,
      progress: (u) => {
        Object.assign(state, u);
        if (state.phase === 'loading records') loading.push({ ...state });
      },
    });
    c.close();
    expect(summary.loaded).toBeGreaterThan(1000);
    expect(loading.length).toBeGreaterThan(1);
    expect(loading.every((p) => p.unit === 'bytes')).toBe(true);
    for (let i = 1; i < loading.length; i++) expect(loading[i]!.done).toBeGreaterThanOrEqual(loading[i - 1]!.done!);
    const last = loading[loading.length - 1]!;
    expect(last.total).toBeGreaterThan(0);
    expect(last.done).toBe(last.total);
  });
});
