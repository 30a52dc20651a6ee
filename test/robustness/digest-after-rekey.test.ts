// An ingest that merges AWS keys moves rows the case already had (events, findings, flags, overrides of the merged
// key). The digests that `info --verify-case` checks must follow, or a legitimate ingest reads as tampering.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDigests } from '../../main/core/case/digest';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const FIX = path.join(REPO, 'test/fixtures/identity-aws');

async function folderWith(name: string): Promise<string> {
  const dir = await tempDir();
  await copyFile(path.join(FIX, name), path.join(dir, name));
  return dir;
}

describe('case digests when a later ingest re-keys earlier rows', () => {
  it('every table still matches its digest after keys learned later are merged', async () => {
    const { core } = await openTempCase('rekey');
    try {
      await ingest(core, [await folderWith('early.json')]);
      const db = core.session.requireCase().db;
      // a flag and an override on a key that the next file resolves (the principal id of alice)
      await core.api.setIdentityCategory({ actor_uid: 'AIDAEXAMPLEALICE0001', category: 'human', note: 'checked' });
      await ingest(core, [await folderWith('later.json')]);
      expect(Number(await db.scalar('SELECT count(*) FROM actor_aliases'))).toBeGreaterThan(0);
      expect(Number(await db.scalar("SELECT count(*) FROM events WHERE actor_uid = 'AIDAEXAMPLEALICE0001'"))).toBe(0);
      const checks = await checkDigests(db);
      expect(checks.filter((t) => !t.ok)).toEqual([]);
    } finally {
      core.close();
    }
  });
});
