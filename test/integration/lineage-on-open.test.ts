// A case whose lineage was never built (ingested before lineage existed) gets it by the job its opening starts, recorded in
import { editClosed } from '../helpers/edit-closed';
// custody, with its digests untouched; a case whose lineage was built keeps it as it is, even with no edge.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { LINEAGE_BUILT_KEY } from '../../main/core/identity/lineage';
import { ingest, openTempCase } from '../helpers/core';
import { writeChainEvidence } from '../helpers/lineage-records';
import { tempDir } from '../helpers/paths';

const actions = async (caseDir: string) =>
  (await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { action: string; detail: Record<string, unknown> }).action);

const EDGES = sql`SELECT kind, parent_uid, child_uid, credential_uid, issue_event_uid, use_count FROM lineage_edges ORDER BY ALL`;

describe('lineage on open', () => {
  it('builds the lineage of a case that has events but never had it built, and leaves a built one alone', async () => {
    const evidence = await tempDir();
    await writeChainEvidence(evidence);
    const { core, dir } = await openTempCase('old-case');
    await ingest(core, [evidence]);
    const built = await core.session.requireCase().db.all(EDGES);
    expect(built.length).toBeGreaterThan(5);
    core.close();
    // As a case ingested before lineage left it: the table (added by its migration) empty, no marker.
    await editClosed(
      dir,
      sql`DELETE FROM lineage_edges`,
      sql`DELETE FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}`,
    );

    const again = createCoreService('cli');
    try {
      const { upgrade_job } = await again.api.openCase({ path: dir, create: false });
      expect((await again.session.jobs.wait(upgrade_job!)).state).toBe('done');
      const db = again.session.requireCase().db;
      expect(await db.all(EDGES)).toEqual(built);
      expect(await db.scalar(sql`SELECT value FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}`)).not.toBeNull();
      const log = await actions(dir);
      expect(
        log.filter((a) => a === 'lineage.built'),
        log.join(' '),
      ).toHaveLength(1);
      const verified = await again.api.verifyCase({});
      expect(verified.ok, JSON.stringify(verified)).toBe(true);

      // Built, even to no edge at all: the marker, not the count, says so; the next open builds nothing.
      again.close();
      await editClosed(dir, sql`DELETE FROM lineage_edges`);
      expect((await again.api.openCase({ path: dir, create: false })).upgrade_job).toBeNull();
      expect(await again.session.requireCase().db.all(EDGES)).toEqual([]);
      expect((await actions(dir)).filter((a) => a === 'lineage.built')).toHaveLength(1);
      expect((await again.api.verifyCase({})).ok).toBe(true);
    } finally {
      again.close();
    }
  });

  it('a new case with no events is not built, and gets no entry', async () => {
    const { core, dir } = await openTempCase('empty');
    core.close();
    const again = createCoreService('cli');
    try {
      expect((await again.api.openCase({ path: dir, create: false })).upgrade_job).toBeNull();
      expect(await actions(dir)).not.toContain('lineage.built');
    } finally {
      again.close();
    }
  });
});
