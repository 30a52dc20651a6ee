import { TrailmarkError } from '../../../shared/errors';
import type { Annotation, Marker } from '../../../shared/methods/workspace';
import type { CaseFile } from '../case/case-file';
import { lit, list, param, sql, type Sql } from '../db/sql';
import { parseTime } from '../query/events';
import { isSet, where } from '../query/where';

export interface NewAnnotation {
  target_kind: Annotation['target_kind'];
  target_id: string;
  kind: Annotation['kind'];
  severity: Annotation['severity'];
  tags: string[];
  note: string;
}

const SELECT = lit(`SELECT annotation_id, target_kind, target_id, kind, severity, coalesce(tags, []) AS tags,
  coalesce(note, '') AS note, by_user, recorded_at, at_time AS "at", until_time AS "until", actor_uid FROM annotations`);

/** Where the target sits in time and whose it is, checked against the case so a flag never points at nothing. */
async function locate(
  c: CaseFile,
  a: NewAnnotation,
): Promise<{ at: string | null; until: string | null; actor: string | null }> {
  const db = c.db;
  if (a.target_kind === 'event') {
    const e = await db.one<{ time: string; actor_uid: string | null }>(
      sql`SELECT time, actor_uid FROM events WHERE event_uid = ${param(a.target_id)}`,
    );
    if (!e) throw new TrailmarkError('not_found', `no event ${a.target_id} in this case`);
    return { at: e.time, until: null, actor: e.actor_uid };
  }
  if (a.target_kind === 'identity') {
    await mustBeIdentity(c, a.target_id);
    return { at: null, until: null, actor: a.target_id };
  }
  if (a.target_kind === 'finding') {
    const f = await db.one<{ start_time: string | null; end_time: string | null; actor_uid: string | null }>(
      sql`SELECT start_time, end_time, actor_uid FROM findings WHERE id = ${param(a.target_id)}`,
    );
    if (!f) throw new TrailmarkError('not_found', `no finding ${a.target_id} in this case`);
    return { at: f.start_time, until: f.end_time, actor: f.actor_uid };
  }
  // A time range is written FROM/TO (ISO 8601), optionally followed by @ACTOR_UID for one identity's range. The
  // times hold no `@`, so the first one ends the range and the rest, whatever it holds (an e-mail's `@`, an ARN's
  // `/` and `:`, spaces), is the identity.
  const cut = a.target_id.indexOf('@');
  const range = cut < 0 ? a.target_id : a.target_id.slice(0, cut);
  const actor = cut < 0 ? null : a.target_id.slice(cut + 1);
  const [from, to, extra] = range.split('/');
  if (!from || !to || extra !== undefined)
    throw new TrailmarkError('bad_request', `target_id: "${a.target_id}" is not FROM/TO or FROM/TO@IDENTITY`);
  const at = parseTime(from, 'from');
  const until = parseTime(to, 'to');
  if (until < at) throw new TrailmarkError('bad_request', `target_id: the range ends before it starts`);
  if (actor !== null) await mustBeIdentity(c, actor);
  return { at, until, actor };
}

async function mustBeIdentity(c: CaseFile, actorUid: string): Promise<void> {
  const n = await c.db.scalar<number>(sql`SELECT count(*) FROM identities WHERE actor_uid = ${param(actorUid)}`);
  if (!n) throw new TrailmarkError('not_found', `no identity ${actorUid} in this case`);
}

export async function addAnnotation(c: CaseFile, a: NewAnnotation): Promise<Annotation> {
  const place = await locate(c, a);
  const by = c.custody.actor;
  const recorded = new Date().toISOString();
  const insert = () =>
    c.db.one<Annotation>(
      sql`INSERT INTO annotations (target_kind, target_id, kind, severity, tags, note, by_user, recorded_at, at_time, until_time, actor_uid)
       VALUES (${param(a.target_kind)}, ${param(a.target_id)}, ${param(a.kind)}, ${param(a.severity)},
         CAST(${param(JSON.stringify(a.tags))} AS VARCHAR[]), ${param(a.note)}, ${param(by)},
         CAST(${param(recorded)} AS TIMESTAMPTZ), CAST(${param(place.at)} AS TIMESTAMPTZ),
         CAST(${param(place.until)} AS TIMESTAMPTZ), ${param(place.actor)})
       RETURNING annotation_id`,
    );
  const { result: row } = await c.custody.record({
    change: insert,
    touches: { tables: ['annotations'] },
    items: (r) => [
      {
        action: `annotation.${a.kind}`,
        detail: {
          annotation_id: Number(r?.annotation_id),
          target_kind: a.target_kind,
          target_id: a.target_id,
          severity: a.severity,
          tags: a.tags,
          note: a.note,
        },
      },
    ],
  });
  const id = Number(row?.annotation_id);
  const saved = await c.db.one<Annotation>(sql`${SELECT} WHERE annotation_id = ${param(id)}`);
  return saved!;
}

export async function listAnnotations(
  c: CaseFile,
  q: { target_kind?: string | undefined; target_id?: string | undefined; offset: number; limit: number },
): Promise<{ rows: Annotation[]; total: number; offset: number }> {
  const w = where([
    isSet(q.target_kind) && sql`target_kind = ${param(q.target_kind)}`,
    isSet(q.target_id) && sql`target_id = ${param(q.target_id)}`,
  ]);
  const total = await c.db.scalar<number>(sql`SELECT count(*) FROM annotations ${w}`);
  const rows = await c.db.all<Annotation>(
    sql`${SELECT} ${w} ORDER BY recorded_at DESC, annotation_id DESC LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total, offset: q.offset };
}

/**
 * Findings and time-placed flags for the identities given (all when none), overlapping [from, to): what starts
 * before `to` and ends (or, with no end, starts) at or after `from`. Each table names its own columns.
 */
export async function timelineMarkers(
  c: CaseFile,
  q: { actor_uids?: string[] | undefined; from?: string | undefined; to?: string | undefined },
): Promise<Marker[]> {
  const uids = q.actor_uids ?? [];
  const from = isSet(q.from) ? parseTime(q.from, 'from') : null;
  const to = isSet(q.to) ? parseTime(q.to, 'to') : null;
  const overlapping = (start: Sql, end: Sql, ...more: Sql[]) =>
    where([
      ...more,
      uids.length > 0 && sql`actor_uid IN ${list(uids)}`,
      sql`${start} IS NOT NULL`,
      to !== null && sql`${start} < CAST(${param(to)} AS TIMESTAMPTZ)`,
      from !== null && sql`coalesce(${end}, ${start}) >= CAST(${param(from)} AS TIMESTAMPTZ)`,
    ]);
  const findings = await c.db.all<Marker>(
    sql`SELECT 'finding' AS kind, id, severity, title, start_time AS "at", end_time AS "until", actor_uid
     FROM findings ${overlapping(lit('start_time'), lit('end_time'), lit("status <> 'dismissed'"))}
     ORDER BY start_time LIMIT 2000`,
  );
  const flags = await c.db.all<Marker>(
    sql`SELECT 'flag' AS kind, CAST(annotation_id AS VARCHAR) AS id, coalesce(severity, 'info') AS severity,
       coalesce(nullif(note, ''), kind || ' on ' || target_kind) AS title, at_time AS "at", until_time AS "until",
       actor_uid FROM annotations ${overlapping(lit('at_time'), lit('until_time'))} ORDER BY at_time LIMIT 2000`,
  );
  return [...findings, ...flags];
}
