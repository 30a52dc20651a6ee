import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { ingestHooks } from '../../main/core/pipelines/ingest';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('the bytes hashed are the bytes read', () => {
  let core: CoreService | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    ingestHooks.afterWalk = undefined;
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fails a file rewritten between its hash and its read, naming both hashes, and loads the others', async () => {
    dir = await tempDir();
    const ev = path.join(dir, 'evidence');
    await mkdir(ev);
    const victim = path.join(ev, 'swapped.json');
    const original = cloudTrailRecords(5);
    // the same size, other events: what an attacker (or a sync client) could put there mid-ingest
    const forged = original.replaceAll('GetObject', 'DelObject');
    expect(forged.length).toBe(original.length);
    await writeFile(victim, original);
    await writeFile(path.join(ev, 'steady.json'), cloudTrailRecords(3));
    // the core's seam: runs once every file is hashed and before any is read
    ingestHooks.afterWalk = async () => writeFile(victim, forged);

    ({ core } = await openTempCase());
    const s = await ingest(core, [ev]);
    const swapped = s.files.find((f) => f.path === victim)!;
    expect(swapped).toMatchObject({ sha256: sha256(original), records: 1, loaded: 0, quarantined: 1 });
    expect(s.files.find((f) => f.path.endsWith('steady.json'))).toMatchObject({ loaded: 3 });
    const issues = (await core.api.caseInfo({})).issues.first.filter((i) => i.file === victim);
    expect(issues.map((i) => i.reason)).toEqual([
      `changed while it was being read: hashed with SHA-256 ${sha256(original)}, the file now has SHA-256 ${sha256(forged)}; none of its records are loaded`,
    ]);
    // no event of the forged bytes is in the case under the original's hash
    const events = await core.api.queryEvents({ limit: 100 });
    expect(events.total).toBe(3);
    expect(await readFile(victim, 'utf8')).toBe(forged);
  });

  it('loads a file that did not change (the check costs a stat)', async () => {
    dir = await tempDir();
    const file = path.join(dir, 'same.json');
    await writeFile(file, cloudTrailRecords(4));
    let walked = 0;
    ingestHooks.afterWalk = async (w) => void (walked = w.length);
    ({ core } = await openTempCase());
    const s = await ingest(core, [file]);
    expect(walked).toBe(1);
    expect(s.files[0]).toMatchObject({ records: 4, loaded: 4, quarantined: 0 });
  });
});
