import { createHash } from 'node:crypto';
import type { Duck } from '../db/duck';
import { ident, lit, param, sql, type Sql } from '../db/sql';

/**
 * Digests of the tables a report certifies: per table, the row count and the sums of the two 64-bit halves of a
 * hash of each row. A sum does not depend on row order, so an action that only adds rows (an ingest) adds the sums
 * of its new rows to the stored ones instead of reading the table again; a deleted, added or edited row changes
 * it. Adding also keeps an edit made outside Trailmark visible: a whole recompute would take the edited rows in as
 * they are, so one runs only when an action moved rows the case already had (an ingest that merged AWS keys).
 * Small tables hash each row's MD5 (128 bits, of the row as a JSON array, times as epoch microseconds so the text
 * does not depend on the session's time zone). Events use DuckDB's own 64-bit hash() of the columns, summed as it
 * is (its upper half is 0): MD5 of the JSON of 958,623 events took 19.3 s against 3.6 s (2.4 s of it reading the
 * rows), which an ingest pays for every event it adds. hash() may change between DuckDB versions, so each digest
 * records the version that made it, and a different one reports the check as not possible. The columns are named
 * here, not taken from the table: a column a later migration adds is outside the digest until it is listed.
 * Whoever can write the database can recompute a digest: the digests are written into every custody entry
 * (`state`), so changing one means rewriting the chain, which the anchor and a signed report's custody head expose.
 */
const md5Row = (columns: string) => `md5_number(CAST(json_array(${columns}) AS VARCHAR))`;
const ROWS = {
  evidence_files: md5Row(`evidence_id, ingest_id, path, member_path, sha256, size, format, records, loaded,
    quarantined, skipped_reason, epoch_us(added_at)`),
  events: `hash(event_uid, epoch_us(time), source, evidence_id, position, api_operation, api_service,
    resource_uid, resource_type, outcome, error_code, src_ip, user_agent, region, account_uid, actor_uid, actor_name,
    actor_type, interactive, credential_uid, session_uid, raw)`,
  ingest_issues: md5Row(`ingest_id, evidence_id, file, position, reason, excerpt`),
  findings: md5Row(`id, detector, detectors, severity, score, actor_uid, epoch_us(start_time), epoch_us(end_time),
    title, explanation, event_uids, status, status_note, status_by, epoch_us(status_at), run_id, epoch_us(created_at)`),
  annotations: md5Row(`annotation_id, target_kind, target_id, kind, severity, tags, note, by_user,
    epoch_us(recorded_at), epoch_us(at_time), epoch_us(until_time), actor_uid`),
  identity_overrides: md5Row(`actor_uid, category, note, by_user, epoch_us(recorded_at)`),
} as const;

export type DigestTable = keyof typeof ROWS;
export const DIGEST_TABLES = Object.keys(ROWS) as DigestTable[];

/** Which tables an action changed: recomputed whole, or only added to (the rows it added, by a filter). */
export interface DigestScope {
  tables?: DigestTable[];
  added?: Partial<Record<DigestTable, Sql>>;
}

/** Events that committed evidence owns; rows of an ingest still running (or killed) are not the case's yet. */
const COMMITTED_EVENTS = lit('evidence_id <= (SELECT coalesce(max(evidence_id), 0) FROM evidence_files)');

function digestOf(table: DigestTable, where: Sql | null): Sql {
  const filter = where ?? (table === 'events' ? COMMITTED_EVENTS : lit('true'));
  // hash() is 64-bit: its upper sum is 0, its lower the sum of the hashes (the figures it gave when cast to 128
  // bits and split, which took a third longer).
  const sums =
    table === 'events'
      ? lit('0 AS sum_hi, coalesce(sum(h), 0) AS sum_lo')
      : lit(`coalesce(sum(CAST(h >> 64 AS UBIGINT)), 0) AS sum_hi,
          coalesce(sum(CAST(h & CAST(18446744073709551615 AS UHUGEINT) AS UBIGINT)), 0) AS sum_lo`);
  return sql`SELECT count(*) AS row_count, ${sums}
    FROM (SELECT ${lit(ROWS[table])} AS h FROM ${ident(table)} WHERE ${filter})`;
}

/** Brings the stored digests of what an action changed up to date; runs inside the action's transaction. */
export async function updateDigests(db: Duck, scope: DigestScope): Promise<void> {
  const whole = new Set(scope.tables ?? []);
  const added = Object.entries(scope.added ?? {}).filter(([t]) => !whole.has(t as DigestTable)) as [DigestTable, Sql][];
  // A sum made by another DuckDB version (events: its hash()) or never made cannot be added to: read it all again.
  const stored = new Map(
    (await db.all<{ name: string; engine: string }>('SELECT name, engine FROM case_digests')).map((r) => [
      r.name,
      r.engine,
    ]),
  );
  const engine = await db.scalar<string>('SELECT version()');
  for (const [table] of added)
    if (!stored.has(table) || (table === 'events' && stored.get(table) !== engine)) whole.add(table);
  for (const table of whole) {
    await db.run(sql`DELETE FROM case_digests WHERE name = ${param(table)}`);
    await db.run(sql`INSERT INTO case_digests SELECT ${param(table)}, *, version() FROM (${digestOf(table, null)})`);
  }
  for (const [table, where] of added) {
    if (whole.has(table)) continue;
    await db.run(sql`UPDATE case_digests SET row_count = case_digests.row_count + n.row_count,
        sum_hi = case_digests.sum_hi + n.sum_hi, sum_lo = case_digests.sum_lo + n.sum_lo
      FROM (${digestOf(table, where)}) n
      WHERE case_digests.name = ${param(table)}`);
  }
}

type DigestRow = {
  name: string;
  row_count: number;
  sum_hi: string;
  sum_lo: string;
  engine: string;
};

const STORED = lit(`SELECT name, row_count, CAST(sum_hi AS VARCHAR) AS sum_hi, CAST(sum_lo AS VARCHAR) AS sum_lo,
  engine FROM case_digests ORDER BY name`);

/** The stored digests as one SHA-256: what each custody entry carries as `state`. */
export async function digestState(db: Duck): Promise<string> {
  const rows = await db.all<DigestRow>(STORED);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

export interface TableCheck {
  table: DigestTable;
  ok: boolean;
  rows_recorded: number | null;
  rows_found: number;
  note: string | null;
}

/** Recomputes every digest from the tables and compares it with the one stored (`info --verify-case`). */
export async function checkDigests(db: Duck): Promise<TableCheck[]> {
  const stored = new Map((await db.all<DigestRow>(STORED)).map((r) => [r.name, r]));
  const out: TableCheck[] = [];
  for (const table of DIGEST_TABLES) {
    const now = (await db.one<DigestRow>(
      sql`SELECT row_count, CAST(sum_hi AS VARCHAR) AS sum_hi, CAST(sum_lo AS VARCHAR) AS sum_lo, version() AS engine
          FROM (${digestOf(table, null)})`,
    ))!;
    const was = stored.get(table);
    const same = was
      ? was.row_count === now.row_count && was.sum_hi === now.sum_hi && was.sum_lo === now.sum_lo
      : now.row_count === 0;
    const note =
      was && was.engine !== now.engine && !same
        ? `its digest was made by DuckDB ${was.engine} and cannot be compared under ${now.engine}`
        : same
          ? null
          : was
            ? 'its rows are not those recorded'
            : 'it has rows and no digest';
    out.push({ table, ok: same, rows_recorded: was?.row_count ?? null, rows_found: now.row_count, note });
  }
  return out;
}
