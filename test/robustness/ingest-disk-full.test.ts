// A disk that fills up while an ingest saves to the case: the commit fails before it is done, or it is done and the
// checkpoint that follows it fails. Either way the evidence, its events and the custody entries that record them are
// in the case together or not at all, and the case opens afterwards. The failure is injected at the database's
// fault points (duckFaults), as the error DuckDB raises on a full disk.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { duckFaults } from '../../main/core/db/duck';
import { REPO, tempDir } from '../helpers/paths';
import { ingest } from '../helpers/core';
import { closeAndRelease, readLines } from './tamper';

const FILES = ['okta-machines.jsonl', 'vault-machine-auth.jsonl', 'github-audit-machines.jsonl'];
const DISK_FULL = () => new Error('IO Error: Could not write file "case.duckdb.wal": No space left on device');

async function evidenceFolder(): Promise<string> {
  const dir = path.join(await tempDir('trailmark-diskfull-'), 'evidence');
  await mkdir(dir);
  for (const f of FILES) await copyFile(path.join(REPO, 'test/fixtures/sources', f), path.join(dir, f));
  return dir;
}

/** Arms `fail` for the COMMIT of the transaction that adds evidence to the case (the ingest's save). */
function failTheIngestCommit(when: 'before' | 'after'): void {
  let armed = false;
  duckFaults[when] = (text) => {
    if (text.includes('INSERT INTO evidence_files SELECT * FROM ingest_evidence')) armed = true;
    else if (armed && text === 'COMMIT') {
      armed = false;
      throw DISK_FULL();
    }
  };
}

async function counts(core: CoreService) {
  const db = core.session.requireCase().db;
  return {
    evidence: Number(await db.scalar('SELECT count(*) FROM evidence_files')),
    events: Number(await db.scalar('SELECT count(*) FROM events')),
  };
}

const evidenceEntries = async (caseDir: string) =>
  (await readLines(caseDir))
    .map((l) => JSON.parse(l) as { action: string })
    .filter((e) => e.action === 'evidence.added');

async function reopenAndVerify(caseDir: string) {
  const core = createCoreService('cli');
  const info = await core.api.openCase({ path: caseDir });
  const verification = await core.api.verifyCase({});
  return { core, info, verification };
}

describe('a full disk while an ingest saves to the case', () => {
  afterEach(() => {
    delete duckFaults.before;
    delete duckFaults.after;
  });

  it('the commit fails: nothing of the ingest is in the case, custody unchanged, it opens and the ingest runs again', async () => {
    const evidence = await evidenceFolder();
    const core = createCoreService('cli');
    const caseDir = (await core.api.openCase({ path: path.join(path.dirname(evidence), 'c.trailmark'), create: true }))
      .path;
    const linesBefore = (await readLines(caseDir)).length;
    failTheIngestCommit('before');
    await expect(ingest(core, [evidence])).rejects.toThrow(/No space left on device/);
    delete duckFaults.before;
    expect(await counts(core)).toEqual({ evidence: 0, events: 0 });
    expect((await readLines(caseDir)).length).toBe(linesBefore);
    await closeAndRelease(core, caseDir);

    const again = await reopenAndVerify(caseDir);
    try {
      expect(again.info.custody.ok, again.info.custody.problem ?? '').toBe(true);
      expect(again.verification.ok).toBe(true);
      const summary = await ingest(again.core, [evidence]);
      expect(summary.loaded).toBeGreaterThan(0);
      expect(await counts(again.core)).toEqual({ evidence: FILES.length, events: summary.loaded });
      expect(await evidenceEntries(caseDir)).toHaveLength(FILES.length);
    } finally {
      again.core.close();
    }
  });

  it('the commit is done and its checkpoint fails: evidence, events and custody are all in the case', async () => {
    const evidence = await evidenceFolder();
    const core = createCoreService('cli');
    const caseDir = (await core.api.openCase({ path: path.join(path.dirname(evidence), 'c.trailmark'), create: true }))
      .path;
    failTheIngestCommit('after');
    const summary = await ingest(core, [evidence]);
    delete duckFaults.after;
    expect(summary.loaded).toBeGreaterThan(0);
    expect(await counts(core)).toEqual({ evidence: FILES.length, events: summary.loaded });
    expect(await evidenceEntries(caseDir)).toHaveLength(FILES.length);
    await closeAndRelease(core, caseDir);

    const again = await reopenAndVerify(caseDir);
    try {
      expect(again.info.custody.ok, again.info.custody.problem ?? '').toBe(true);
      expect(again.verification.tables.filter((t) => !t.ok)).toEqual([]);
      expect(again.info.events).toBe(summary.loaded);
    } finally {
      again.core.close();
    }
  });

  it('the checkpoint after the save fails: the ingest is kept, and the case opens with it', async () => {
    const evidence = await evidenceFolder();
    const core = createCoreService('cli');
    const caseDir = (await core.api.openCase({ path: path.join(path.dirname(evidence), 'c.trailmark'), create: true }))
      .path;
    let seen = false;
    duckFaults.before = (text) => {
      if (text.includes('INSERT INTO evidence_files SELECT * FROM ingest_evidence')) seen = true;
      else if (seen && text === 'CHECKPOINT') throw DISK_FULL();
    };
    const summary = await ingest(core, [evidence]);
    delete duckFaults.before;
    expect(await evidenceEntries(caseDir)).toHaveLength(FILES.length);
    await closeAndRelease(core, caseDir);

    const again = await reopenAndVerify(caseDir);
    try {
      expect(again.info.custody.ok, again.info.custody.problem ?? '').toBe(true);
      expect(again.verification.ok).toBe(true);
      expect(again.info.events).toBe(summary.loaded);
    } finally {
      again.core.close();
    }
  });
});
