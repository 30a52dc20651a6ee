import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseInfo, DigestValidation } from '../../shared/model';
import { cloudTrailRecords, gz, writeZip } from '../helpers/archives';
import { writeTrail } from '../helpers/cloudtrail-digests';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('trailmark ingest limits and info integrity output', () => {
  it('takes limit flags, refuses bad ones with exit 2, and names the refused member', async () => {
    const dir = await tempDir();
    const zip = path.join(dir, 'export.zip');
    await writeZip(zip, [
      { name: 'logs/big.json', data: cloudTrailRecords(50) },
      { name: 'logs/small.json', data: cloudTrailRecords(1) },
    ]);
    const caseDir = path.join(dir, 'limits.trailmark');
    const bad = trailmark('ingest', caseDir, zip, '--max-member-size', '12 parsecs');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--max-member-size: "12 parsecs" is not a size/);
    expect(trailmark('ingest', caseDir, zip, '--max-depth', 'deep').code).toBe(2);

    const r = trailmark('ingest', caseDir, zip, '--max-member-size', '4KiB', '--max-ratio', '1000', '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as { loaded: number; files: { path: string; skipped_reason?: string }[] };
    expect(s.loaded).toBe(1);
    expect(s.files.find((f) => f.path.endsWith('!/logs/big.json'))?.skipped_reason).toMatch(/limit 4096/);
    const info = trailmark('info', caseDir);
    expect(info.out).toMatch(/ingest issues: 1\n\s+.*export\.zip!\/logs\/big\.json: refused: would expand/);
    expect(info.out).toMatch(/log gaps\s+0 in 0 streams/);
  });

  it('info validates CloudTrail digests, with signatures given the public keys, and exits 1 on a problem', async () => {
    const t = await writeTrail(await tempDir());
    const work = await tempDir();
    const caseDir = path.join(work, 'trail.trailmark');
    expect(trailmark('ingest', caseDir, t.dir).code).toBe(0);
    const keys = path.join(work, 'keys.json');
    await writeFile(keys, t.publicKeysJson);

    const ok = trailmark('info', caseDir, '--public-keys', keys);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/CloudTrail digests 4: log files intact/);
    expect(ok.out).toMatch(/log files listed 8: 8 valid, 0 missing, 0 altered; 0 unlisted/);
    expect(ok.out).toMatch(/signatures 3 valid, 0 invalid, 1 not checked/);
    const noKeys = trailmark('info', caseDir);
    expect(noKeys.out).toMatch(/signatures 0 valid, 0 invalid, 4 not checked \(pass --public-keys/);
    expect(trailmark('info', caseDir, '--public-keys', path.join(t.dir, 'nope.json')).code).toBe(2);

    await writeFile(t.logs[2]!, gz(cloudTrailRecords(3)));
    const tampered = path.join(work, 'tampered.trailmark');
    expect(trailmark('ingest', tampered, t.dir).code).toBe(0);
    const bad = trailmark('info', tampered, '--public-keys', keys, '--json');
    expect(bad.code).toBe(1);
    const info = JSON.parse(bad.out) as CaseInfo & { digest_validation: DigestValidation };
    expect(info.digest_validation.log_files.altered).toBe(1);
    expect(info.digest_validation.problems[0]).toMatchObject({
      kind: 'altered',
      file: path.relative(t.dir, t.logs[2]!),
    });
    expect(info.gaps).toMatchObject({ total: 0 });
  });
});
