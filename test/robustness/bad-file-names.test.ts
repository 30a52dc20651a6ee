import { writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { escapeName } from '../../main/core/ingest/archive-names';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

describe('a file name that is not valid UTF-8, inside an evidence folder', () => {
  let core: CoreService | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("is that file's issue, named with its bad bytes escaped; the folder's 8 good files load", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const folder = path.join(dir, 'evidence');
    await mkdir(folder);
    for (let i = 0; i < 8; i++) await writeFile(path.join(folder, `good-${i}.json`), cloudTrailRecords(3));
    // "bad-\xff\xfe.json": 0xff never appears in UTF-8.
    const badName = Buffer.concat([Buffer.from(`${folder}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.json')]);
    writeFileSync(badName, cloudTrailRecords(2));

    let caseDir: string;
    ({ core, dir: caseDir } = await openTempCase());
    dirs.push(path.dirname(caseDir));
    const s = await ingest(core, [folder]);
    expect(s.loaded).toBe(24);
    const bad = s.files.find((f) => f.path.includes('bad-'));
    expect(bad?.path).toBe(path.join(folder, 'bad-\\xff\\xfe.json'));
    expect(bad?.skipped_reason).toMatch(/not valid UTF-8/);
    const info = await core.api.caseInfo({});
    expect(info.issues.first.some((i) => i.file.includes('bad-\\xff\\xfe.json'))).toBe(true);
  });

  it('escapes only the bad bytes, keeping valid characters', () => {
    expect(escapeName(Buffer.from([0x61, 0xc3, 0xa9, 0xff, 0x5c, 0xe2, 0x82]))).toBe('aé\\xff\\\\\\xe2\\x82');
  });
});
