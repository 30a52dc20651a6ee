// `trailmark lineage`: the real command on a real case, text and --json.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LineageLink } from '../../shared/methods/lineage';
import { roleArn, userArn, writeChainEvidence } from '../helpers/lineage-records';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('trailmark lineage', () => {
  it('prints parents and children with their evidence; --json gives the links; bad usage exits 2', async () => {
    const dir = await tempDir();
    const evidence = path.join(dir, 'evidence');
    await import('node:fs/promises').then((fs) => fs.mkdir(evidence));
    await writeChainEvidence(evidence);
    const caseDir = path.join(dir, 'l.trailmark');
    expect(trailmark('ingest', caseDir, evidence, '--json').code).toBe(0);

    const j = trailmark('lineage', caseDir, '--identity', roleArn('ci-deploy'), '--json');
    expect(j.code, j.err).toBe(0);
    const out = JSON.parse(j.out) as { actor_uid: string; depth: number; links: LineageLink[] };
    expect(out.depth).toBe(2);
    const key = out.links.find((l) => l.kind === 'access_key')!;
    expect(key).toMatchObject({ direction: 'child', child_uid: userArn('backdoor'), use_count: 3 });

    const text = trailmark('lineage', caseDir, '--identity', 'backdoor');
    expect(text.code, text.err).toBe(0);
    expect(text.out, text.out).toContain('parents (who or what obtained its credentials): 3');
    expect(text.out).toContain('AKIABACKDOOR0000001');
    expect(text.out).toContain(key.issue_event_uids[0]);

    expect(trailmark('lineage', caseDir).code).toBe(2);
    expect(trailmark('lineage', caseDir, '--identity', roleArn('ci-deploy'), '--depth', '9').code).toBe(2);
  });
});
