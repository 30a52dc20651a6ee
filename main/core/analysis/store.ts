import { createHash } from 'node:crypto';
import { TrailmarkError } from '../../../shared/errors';
import type { Finding } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { ident, join, lit, param, sql } from '../db/sql';
import { isSet, where } from '../query/where';
import { SEVERITIES, type FindingDraft } from '../case/finding-draft';

const COLUMNS = {
  id: 'VARCHAR',
  detector: 'VARCHAR',
  detectors: 'VARCHAR[]',
  severity: 'VARCHAR',
  score: 'DOUBLE',
  actor_uid: 'VARCHAR',
  start_time: 'TIMESTAMPTZ',
  end_time: 'TIMESTAMPTZ',
  title: 'VARCHAR',
  explanation: 'VARCHAR',
  event_uids: 'VARCHAR[]',
  run_id: 'VARCHAR',
};

/** Stable across runs for the same burst: identity, detector and the first piece of evidence. */
export function findingId(d: FindingDraft): string {
  return createHash('sha256')
    .update(`${d.actor_uid ?? ''}\n${d.detector}\n${d.event_uids[0] ?? d.start}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Replaces the findings of earlier runs with this run's, keeping every investigator decision: a new finding
 * that shares evidence with a confirmed or dismissed one inherits its status and note (and replaces it);
 * decided findings this run no longer produces stay as they were. Returns how many decisions were carried.
 */
export async function storeFindings(db: Duck, runId: string, drafts: FindingDraft[]): Promise<number> {
  const rows = drafts.map((d) => ({
    id: findingId(d),
    detector: d.detector,
    detectors: d.detectors ?? [d.detector],
    severity: d.severity,
    score: d.score,
    actor_uid: d.actor_uid,
    start_time: d.start,
    end_time: d.end,
    title: d.title,
    explanation: d.explanation,
    event_uids: d.event_uids,
    run_id: runId,
  }));
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  return db.transaction(async () => {
    // The types come from COLUMNS above (code), the names through ident().
    const empty = Object.entries(COLUMNS).map(([c, t]) => sql`NULL::${lit(t)} AS ${ident(c)}`);
    await db.run(sql`CREATE OR REPLACE TEMP TABLE tm_new AS SELECT ${join(empty, ', ')} LIMIT 0`);
    await db.insertRows('tm_new', COLUMNS, unique);
    // Each decided finding hands its decision to one new finding: itself if this run makes it again, else the
    // strongest it shares evidence with (not to every finding on those events, e.g. a detector's and a Sigma rule's);
    // a new finding chosen by several takes the strongest one's decision.
    await db.run(sql`CREATE OR REPLACE TEMP TABLE tm_carry AS
      WITH pairs AS (
        SELECT n.id AS new_id, f.id AS old_id, f.score AS old_score, f.status, f.status_note, f.status_by, f.status_at
        FROM tm_new n JOIN findings f ON f.status <> 'new' AND f.actor_uid IS NOT DISTINCT FROM n.actor_uid
          AND (f.id = n.id OR len(list_intersect(f.event_uids, n.event_uids)) > 0)
        QUALIFY row_number() OVER (PARTITION BY f.id ORDER BY (f.id = n.id) DESC, n.score DESC, n.id) = 1
      )
      SELECT new_id, arg_max(old_id, old_score) AS old_id, arg_max(status, old_score) AS status,
             arg_max(status_note, old_score) AS status_note, arg_max(status_by, old_score) AS status_by,
             arg_max(status_at, old_score) AS status_at
      FROM pairs GROUP BY new_id`);
    const carried = await db.scalar<number>(sql`SELECT count(*) FROM tm_carry`);
    await db.run(sql`DELETE FROM findings WHERE status = 'new' OR id IN (SELECT old_id FROM tm_carry)
                    OR id IN (SELECT id FROM tm_new)`);
    await db.run(sql`INSERT INTO findings (id, detector, detectors, severity, score, actor_uid, start_time, end_time, title,
                    explanation, event_uids, run_id, status, status_note, status_by, status_at, created_at)
      SELECT n.id, n.detector, n.detectors, n.severity, n.score, n.actor_uid, n.start_time, n.end_time, n.title,
             n.explanation, n.event_uids, n.run_id, coalesce(c.status, 'new'), c.status_note, c.status_by, c.status_at, now()
      FROM tm_new n LEFT JOIN tm_carry c ON c.new_id = n.id`);
    await db.run(sql`DROP TABLE tm_new`);
    await db.run(sql`DROP TABLE tm_carry`);
    return carried;
  });
}

export interface FindingFilter {
  actor_uid?: string;
  min_severity?: (typeof SEVERITIES)[number];
  status?: Finding['status'];
  detector?: string;
  offset: number;
  limit: number;
}

const SELECT = lit(`SELECT id, detector, coalesce(detectors, [detector]) AS detectors, severity, score, actor_uid,
  strftime(start_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS start,
  strftime(end_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS "end",
  title, explanation, event_uids, status, status_note, run_id FROM findings`);
/** 1 for the least severe level, up to the most severe. */
const SEVERITY_RANK = sql`list_position([${join(
  SEVERITIES.map((s) => sql`${param(s)}`),
  ', ',
)}], severity)`;

export async function listFindings(
  db: Duck,
  q: FindingFilter,
): Promise<{ rows: Finding[]; total: number; offset: number }> {
  const w = where([
    isSet(q.actor_uid) && sql`actor_uid = ${param(q.actor_uid)}`,
    isSet(q.status) && sql`status = ${param(q.status)}`,
    isSet(q.detector) && sql`(detector = ${param(q.detector)} OR list_contains(detectors, ${param(q.detector)}))`,
    isSet(q.min_severity) && sql`${SEVERITY_RANK} >= ${param(SEVERITIES.indexOf(q.min_severity) + 1)}`,
  ]);
  const total = await db.scalar<number>(sql`SELECT count(*) FROM findings ${w}`);
  const rows = await db.all<Finding>(
    sql`${SELECT} ${w} ORDER BY score DESC, start_time, id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total, offset: q.offset };
}

export async function getFinding(db: Duck, id: string): Promise<Finding> {
  const row = await db.one<Finding>(sql`${SELECT} WHERE id = ${param(id)}`);
  if (!row) throw new TrailmarkError('not_found', `no finding ${id} in this case`);
  return row;
}

export async function setStatus(
  db: Duck,
  id: string,
  status: Finding['status'],
  note: string | null,
  by: string,
): Promise<Finding> {
  await getFinding(db, id);
  await db.run(
    sql`UPDATE findings SET status = ${param(status)}, status_note = ${param(note)}, status_by = ${param(by)},
        status_at = now() WHERE id = ${param(id)}`,
  );
  return getFinding(db, id);
}
