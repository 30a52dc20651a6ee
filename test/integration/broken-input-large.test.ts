import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { IngestSummary } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
const TIME = '/usr/bin/time';

describe('a 100 MB single line', () => {
  it('is read as one CloudTrail document by the real command; peak memory is printed', async () => {
    const dir = await tempDir();
    onTestFinished(() => rm(dir, { recursive: true, force: true })); // 100 MB of input and its case
    const file = path.join(dir, 'one-line.json');
    const records = 240_000;
    await writeFile(file, cloudTrailRecords(records)); // {"Records":[...]} with no line break at all
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThan(100 * 1e6);

    // GNU time's %M is the child's peak resident set in KiB; without it the ingest still runs, unmeasured
    const measured = existsSync(TIME);
    const cmd = measured ? TIME : process.execPath;
    const args = [bin, 'ingest', path.join(dir, 'big.trailmark'), file, '--json'];
    const r = spawnSync(cmd, measured ? ['-f', 'peak-rss-kib=%M', process.execPath, ...args] : args, {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as IngestSummary;
    expect(s).toMatchObject({ records, loaded: records, quarantined: 0 });
    const peak = /peak-rss-kib=(\d+)/.exec(r.stderr)?.[1];
    console.log(
      `[figure] ${(size / 1e6).toFixed(1)} MB single-line CloudTrail file: ${records} records loaded, ` +
        (peak ? `peak RSS ${(Number(peak) / 1024).toFixed(0)} MiB` : 'peak RSS not measured (no /usr/bin/time)'),
    );
  });
});
