import { TrailmarkError } from '../../../shared/errors';
import type { Annotation, Marker } from '../../../shared/methods/workspace';
import type { CaseFile } from '../case/case-file';
import { currentUser } from '../case/custody';
import { parseTime } from '../query/events';
import { Where } from '../query/where';

export interface NewAnnotation {
  target_kind: Annotation['target_kind'];
  target_id: string;
  kind: Annotation['kind'];
  severity: Annotation['severity'];
  tags: string[];
  note: string;
}

const SELECT = `SELECT annotation_id, target_kind, target_id, kind, severity, coalesce(tags, []) AS tags,
  coalesce(note, '') AS note, by_user, recorded_at, at_time AS "at", until_time AS "until", actor_uid FROM annotations`;

/** Where the target sits in time and whose it is, checked against the case so a flag never points at nothing. */
async function locate(
  c: CaseFile,
  a: NewAnnotation,
): Promise<{ at: string | null; until: string | null; actor: string | null }> {
  const db = c.db;
  if (a.target_kind === 'event') {
    const e = await db.one<{ time: string; actor_uid: string | null }>(
      'SELECT time, actor_uid FROM events WHERE event_uid = ?',
      [a.target_id],
    );
    if (!e) throw new TrailmarkError('not_found', `no event ${a.target_id} in this case`);
    return { at: e.time, until: null, actor: e.actor_uid };
  }
  if (a.target_kind === 'identity') {
    const n = await db.scalar<number>('SELECT count(*) FROM identities WHERE actor_uid = ?', [a.target_id]);
    if (!n) throw new TrailmarkError('not_found', `no identity ${a.target_id} in this case`);
    return { at: null, until: null, actor: a.target_id };
  }
  if (a.target_kind === 'finding') {
    const f = await db.one<{ start_time: string | null; end_time: string | null; actor_uid: string | null }>(
      'SELECT start_time, end_time, actor_uid FROM findings WHERE id = ?',
      [a.target_id],
    );
    if (!f) throw new TrailmarkError('not_found', `no finding ${a.target_id} in this case`);
    return { at: f.start_time, until: f.end_time, actor: f.actor_uid };
  }
  // A time range is written FROM/TO (ISO 8601), optionally followed by @ACTOR_UID for one identity's range.
  const [range, actor] = a.target_id.split('@', 2) as [string, string | undefined];
  const [from, to] = range.split('/');
  if (!from || !to) throw new TrailmarkError('bad_request', `target_id: "${a.target_id}" is not FROM/TO`);
  const at = parseTime(from, 'from');
  const until = parseTime(to, 'to');
  if (until < at) throw new TrailmarkError('bad_request', `target_id: the range ends before it starts`);
  return { at, until, actor: actor ?? null };
}

export async function addAnnotation(c: CaseFile, a: NewAnnotation): Promise<Annotation> {
  const where = await locate(c, a);
  const by = currentUser();
  const recorded = new Date().toISOString();
  const insert = () =>
    c.db.one<Annotation>(
      `INSERT INTO annotations (target_kind, target_id, kind, severity, tags, note, by_user, recorded_at, at_time, until_time, actor_uid)
     VALUES (?, ?, ?, ?, CAST(? AS VARCHAR[]), ?, ?, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), ?)
     RETURNING annotation_id`,
      [
        a.target_kind,
        a.target_id,
        a.kind,
        a.severity,
        JSON.stringify(a.tags),
        a.note,
        by,
        recorded,
        where.at,
        where.until,
        where.actor,
      ],
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
  const saved = await c.db.one<Annotation>(`${SELECT} WHERE annotation_id = ?`, [id]);
  return saved!;
}

export async function listAnnotations(
  c: CaseFile,
  q: { target_kind?: string | undefined; target_id?: string | undefined; offset: number; limit: number },
): Promise<{ rows: Annotation[]; total: number; offset: number }> {
  const where = new Where().when(q.target_kind, 'target_kind = ?').when(q.target_id, 'target_id = ?');
  const total = await c.db.scalar<number>(`SELECT count(*) FROM annotations ${where}`, where.params);
  const rows = await c.db.all<Annotation>(
    `${SELECT} ${where} ORDER BY recorded_at DESC, annotation_id DESC LIMIT ? OFFSET ?`,
    [...where.params, q.limit, q.offset],
  );
  return { rows, total, offset: q.offset };
}

/** Findings and time-placed flags for the identities given (all when none), overlapping [from, to). */
export async function timelineMarkers(
  c: CaseFile,
  q: { actor_uids?: string[] | undefined; from?: string | undefined; to?: string | undefined },
): Promise<Marker[]> {
  const uids = q.actor_uids ?? [];
  const scope = (col: string) => {
    const w = new Where();
    if (uids.length) w.add(`${col} IN (${uids.map(() => '?').join(', ')})`, ...uids);
    w.when(q.to, `${col === 'actor_uid' ? 'start_time' : 'at_time'} < CAST(? AS TIMESTAMPTZ)`, (v) => [
      parseTime(v, 'to'),
    ]);
    return w;
  };
  const fw = scope('actor_uid').add('start_time IS NOT NULL').add("status <> 'dismissed'");
  if (q.from) fw.add('coalesce(end_time, start_time) >= CAST(? AS TIMESTAMPTZ)', parseTime(q.from, 'from'));
  const findings = await c.db.all<Marker>(
    `SELECT 'finding' AS kind, id, severity, title, start_time AS "at", end_time AS "until", actor_uid
     FROM findings ${fw} ORDER BY start_time LIMIT 2000`,
    fw.params,
  );
  const aw = scope('actor_uid').add('at_time IS NOT NULL');
  if (q.from) aw.add('coalesce(until_time, at_time) >= CAST(? AS TIMESTAMPTZ)', parseTime(q.from, 'from'));
  const flags = await c.db.all<Marker>(
    `SELECT 'flag' AS kind, CAST(annotation_id AS VARCHAR) AS id, coalesce(severity, 'info') AS severity,
       coalesce(nullif(note, ''), kind || ' on ' || target_kind) AS title, at_time AS "at", until_time AS "until",
       actor_uid FROM annotations ${aw} ORDER BY at_time LIMIT 2000`,
    aw.params,
  );
  return [...findings, ...flags];
}
