import type { FindingDraft } from '../analysis/finding-draft';
import type { Duck } from '../db/duck';
import { explanation, matchedFields, score, type Burst } from './explain';
import { param, sql } from './sql';
import type { CompiledRule } from './types';

export interface RunOptions {
  /** Matches of one plain rule by one identity further apart than this start a new finding (default 1 h). */
  burstSeconds?: number;
  /** Evidence event ids kept per finding (default 1000); the explanation gives the full count. */
  maxEvidence?: number;
  /** Called before each rule runs, for progress. */
  onRule?: (rule: CompiledRule, index: number, total: number) => void;
}

/** Runs one rule and groups its matches into bursts per `grp`: one finding per identity (or group) per burst. */
async function bursts(db: Duck, rule: CompiledRule, gap: number, maxEvidence: number): Promise<Burst[]> {
  const q = sql`WITH m AS (${{ text: rule.sql, params: rule.params }}),
b AS (SELECT *, CASE WHEN time - lag(time) OVER (PARTITION BY grp ORDER BY time, event_uid) <= to_seconds(${param(gap)}) THEN 0 ELSE 1 END AS brk FROM m),
g AS (SELECT *, sum(brk) OVER (PARTITION BY grp ORDER BY time, event_uid ROWS UNBOUNDED PRECEDING) AS burst FROM b)
SELECT grp, burst, strftime(min(time) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS start,
       strftime(max(time) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS "end",
       count(*) AS n, count(DISTINCT actor_uid) AS actors, min(actor_uid) AS actor,
       list(event_uid ORDER BY time, event_uid)[1:${param(maxEvidence)}] AS uids
FROM g GROUP BY grp, burst ORDER BY start, grp`;
  return db.all<Burst & Record<string, unknown>>(q.text, q.params);
}

async function firstRecords(db: Duck, uids: string[]): Promise<Map<string, { source: string; raw: unknown }>> {
  const out = new Map<string, { source: string; raw: unknown }>();
  if (uids.length === 0) return out;
  const rows = await db.all<{ event_uid: string; source: string; raw: string }>(
    `SELECT event_uid, source, CAST(raw AS VARCHAR) AS raw FROM events
     WHERE event_uid IN (SELECT unnest(from_json(?::JSON, '["VARCHAR"]')))`,
    [JSON.stringify(uids)],
  );
  for (const r of rows) out.set(r.event_uid, { source: r.source, raw: JSON.parse(r.raw) });
  return out;
}

/** Runs the standalone rules over the case and returns one finding per rule per identity (or group) per burst. */
export async function runSigmaRules(db: Duck, rules: CompiledRule[], opts: RunOptions = {}): Promise<FindingDraft[]> {
  const gap = opts.burstSeconds ?? 3600;
  const maxEvidence = opts.maxEvidence ?? 1000;
  const todo = rules.filter((r) => r.standalone);
  const out: FindingDraft[] = [];
  for (const [i, rule] of todo.entries()) {
    opts.onRule?.(rule, i, todo.length);
    const found = await bursts(db, rule, rule.burstSeconds ?? gap, maxEvidence);
    const first = await firstRecords(
      db,
      found.flatMap((b) => b.uids.slice(0, 1)),
    );
    for (const b of found) {
      const rec = first.get(b.uids[0] ?? '');
      const fields = rec ? matchedFields(rule, rec.source, rec.raw) : [];
      out.push({
        detector: `sigma:${rule.id}`,
        severity: rule.level,
        score: score(rule.level, b.n),
        actor_uid: b.actors === 1 ? b.actor : null,
        start: b.start,
        end: b.end,
        title: rule.title,
        explanation: explanation(rule, b, fields, maxEvidence),
        event_uids: b.uids,
      });
    }
  }
  return out;
}
