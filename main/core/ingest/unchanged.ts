import { stat } from 'node:fs/promises';
import type { CaseFile } from '../case/case-file';
import { param, sql } from '../db/sql';
import type { Readable } from './batches';
import { sha256File } from '../case/hashing';
import { fileIdentity } from './inspect';

/**
 * The bytes hashed are the bytes read: after its files are read, each file hashed must still be what it was
 * when hashed (device, inode, size, modification and change times; a write or a replacement changes them).
 * A file that changed in between is failed: its events are removed and it is one quarantined record, with
 * an issue that gives the hash recorded and the hash now. The case keeps the hash of the bytes hashed.
 * Costs a stat per file; the file is read again only when it changed.
 */
export async function failChangedFiles(
  c: CaseFile,
  ingestId: string,
  files: Readable[],
  signal: AbortSignal,
): Promise<void> {
  const byEvidence = new Map<number, Readable>();
  for (const f of files) byEvidence.set(f.evidenceId, f);
  for (const f of byEvidence.values()) {
    const st = await stat(f.hashed.path, { bigint: true }).catch(() => null);
    if (st && fileIdentity(st) === f.hashed.identity) continue;
    const now = st ? await sha256File(f.hashed.path, undefined, signal).catch(() => null) : null;
    const after = !st
      ? 'the file is gone'
      : !now
        ? 'the file can no longer be read'
        : now.sha256 === f.sha256
          ? 'the file was written to since (its content is the same now, which does not show it was when read)'
          : `the file now has SHA-256 ${now.sha256}`;
    const reason = `changed while it was being read: hashed with SHA-256 ${f.sha256}, ${after}; none of its records are loaded`;
    const id = param(f.evidenceId);
    await c.db.run(sql`DELETE FROM events WHERE evidence_id = ${id}`);
    await c.db.run(sql`DELETE FROM ingest_new_issues WHERE evidence_id = ${id}`);
    await c.db.run(
      sql`INSERT INTO ingest_new_issues VALUES (${param(ingestId)}, ${id}, ${param(f.display)}, NULL, ${param(reason)}, NULL)`,
    );
    await c.db.run(sql`UPDATE ingest_evidence SET records = 1, loaded = 0, quarantined = 1 WHERE evidence_id = ${id}`);
  }
}
