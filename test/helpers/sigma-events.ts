import path from 'node:path';
import { CaseFile } from '../../main/core/case/case-file';
import type { Duck } from '../../main/core/db/duck';
import { tempDir } from './paths';

export interface TestEvent {
  uid: string;
  source: string;
  /** The format its file was read with (evidence_files.format), when the source alone doesn't say. */
  format?: string;
  raw: unknown;
  time?: string;
  actor?: string | null;
}

/** A real case file (created through CaseFile) with one evidence row that crafted events can point at. */
export async function openEventCase(): Promise<CaseFile> {
  const c = await CaseFile.open(path.join(await tempDir('trailmark-sigma-'), 'sigma'), { create: true });
  await c.db.run(
    `INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at) VALUES ('test', 'crafted', '0', 0, 'crafted', now())`,
  );
  return c;
}

/** Inserts crafted raw records straight into `events`, as an ingest would leave them (one evidence row per format). */
export async function insertEvents(db: Duck, events: TestEvent[]): Promise<void> {
  const evidence = new Map<string, number>([['crafted', 1]]);
  for (const format of new Set(events.map((e) => e.format ?? 'crafted'))) {
    if (evidence.has(format)) continue;
    const id = await db.scalar<number>(
      `INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at) VALUES ('test', 'crafted', '0', 0, ?, now()) RETURNING evidence_id`,
      [format],
    );
    evidence.set(format, Number(id));
  }
  await db.insertRows(
    'events',
    {
      event_uid: 'VARCHAR',
      time: 'TIMESTAMPTZ',
      source: 'VARCHAR',
      evidence_id: 'INTEGER',
      position: 'VARCHAR',
      outcome: 'VARCHAR',
      actor_uid: 'VARCHAR',
      raw: 'JSON',
    },
    events.map((e, i) => ({
      event_uid: e.uid,
      time: e.time ?? '2026-03-01T12:00:00Z',
      source: e.source,
      evidence_id: evidence.get(e.format ?? 'crafted')!,
      position: String(i),
      outcome: 'success',
      actor_uid: e.actor === undefined ? `actor-${e.uid}` : e.actor,
      raw: e.raw,
    })),
  );
}

/** event_uids a compiled query returns, sorted. */
export async function matchedUids(db: Duck, q: { sql: string; params: unknown[] }): Promise<string[]> {
  const rows = await db.all<{ event_uid: string }>(q.sql, q.params as never);
  return rows.map((r) => r.event_uid).sort();
}
