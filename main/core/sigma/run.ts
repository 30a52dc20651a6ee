import { parseJsonFirstWins } from '../../../shared/json-first-wins';
import type { FindingDraft } from '../case/finding-draft';
import type { Duck } from '../db/duck';
import { explanation, matchedFields, score, type Burst } from './explain';
import { projectPaths, type SlotPaths } from './fields';
import { join, lit, param, sql, type Sql } from '../db/sql';
import { eventRows, eventSet } from './logsource';
import type { CompiledRule } from './types';

export interface RunOptions {
  /** Matches of one plain rule by one identity further apart than this start a new finding (default 1 h). */
  burstSeconds?: number;
  /** Evidence event ids kept per finding (default 1000); the explanation gives the full count. */
  maxEvidence?: number;
  /** Called before each rule's findings are made, for progress. */
  onRule?: (rule: CompiledRule, index: number, total: number) => void;
}

const HITS = 'sigma_hits';

/**
 * Groups matches (event_uid, time, actor_uid, grp) into bursts per `grp`: one finding per group per burst. With
 * `fold`, a group's bursts are one finding that counts them: a plain rule that keeps matching the same identity
 * (a role assuming roles every hour, a person signing in without MFA every day) is one finding to review, not one
 * an hour.
 */
async function bursts(db: Duck, matches: Sql, gap: number, maxEvidence: number, fold: boolean): Promise<Burst[]> {
  const by = fold ? lit('grp') : lit('grp, burst');
  const q = sql`WITH m AS (${matches}),
b AS (SELECT *, CASE WHEN time - lag(time) OVER (PARTITION BY grp ORDER BY time, event_uid) <= to_seconds(${param(gap)}) THEN 0 ELSE 1 END AS brk FROM m),
g AS (SELECT *, sum(brk) OVER (PARTITION BY grp ORDER BY time, event_uid ROWS UNBOUNDED PRECEDING) AS burst FROM b)
SELECT grp, count(DISTINCT burst) AS bursts, strftime(min(time) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS start,
       strftime(max(time) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS "end",
       count(*) AS n, count(DISTINCT actor_uid) AS actors, min(actor_uid) AS actor,
       list(event_uid ORDER BY time, event_uid)[1:${param(maxEvidence)}] AS uids
FROM g GROUP BY ${by} ORDER BY start, grp`;
  return db.all<Burst & Record<string, unknown>>(q);
}

async function firstRecords(db: Duck, uids: string[]): Promise<Map<string, { source: string; raw: unknown }>> {
  const out = new Map<string, { source: string; raw: unknown }>();
  if (uids.length === 0) return out;
  const rows = await db.all<{ event_uid: string; source: string; raw: string }>(
    sql`SELECT event_uid, source, raw FROM events
     WHERE event_uid IN (SELECT unnest(from_json(${param(JSON.stringify(uids))}::JSON, '["VARCHAR"]')))`,
  );
  for (const r of rows) out.set(r.event_uid, { source: r.source, raw: parseJsonFirstWins(r.raw) });
  return out;
}

/**
 * Tests every plain rule of one source in a single pass over its events (each record parsed once for all of
 * them) and keeps the events any rule matched, with one flag per rule, in a temporary table.
 */
async function collectHits(db: Duck, source: string, paths: SlotPaths, rules: CompiledRule[]): Promise<void> {
  const flags = join(
    rules.map((r) => ({ text: r.match!.where, params: r.match!.params })),
    ', ',
  );
  const rows = projectPaths(paths, eventRows(source));
  const q = sql`CREATE OR REPLACE TEMP TABLE ${lit(HITS)} AS
SELECT event_uid, time, actor_uid, hits FROM (SELECT event_uid, time, actor_uid, list_value(${flags}) AS hits FROM ${rows})
WHERE list_contains(hits, true)`;
  await db.run(q);
}

/** Plain rules of one load share a path list per source: those run together; anything else on its own. */
function plan(rules: CompiledRule[]): { shared: CompiledRule[][]; single: CompiledRule[] } {
  const groups = new Map<string, CompiledRule[]>();
  const single: CompiledRule[] = [];
  for (const r of rules) {
    if (!r.match) single.push(r);
    else {
      const key = JSON.stringify([r.match.source, r.match.paths]);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
  }
  return { shared: [...groups.values()], single };
}

/**
 * Runs the standalone rules over the case and returns one finding per plain rule per identity (its bursts
 * counted), and per correlation rule per group per burst.
 */
export async function runSigmaRules(db: Duck, rules: CompiledRule[], opts: RunOptions = {}): Promise<FindingDraft[]> {
  const gap = opts.burstSeconds ?? 3600;
  const maxEvidence = opts.maxEvidence ?? 1000;
  const todo = rules.filter((r) => r.standalone);
  const out: FindingDraft[] = [];
  let index = 0;
  const report = async (rule: CompiledRule, matches: Sql): Promise<void> => {
    opts.onRule?.(rule, index++, todo.length);
    const found = await bursts(db, matches, rule.burstSeconds ?? gap, maxEvidence, rule.kind !== 'correlation');
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
  };
  const { shared, single } = plan(todo);
  try {
    for (const group of shared) {
      const m = group[0]!.match!;
      await collectHits(db, m.source, m.paths, group);
      for (const [k, rule] of group.entries()) {
        await report(
          rule,
          sql`SELECT event_uid, time, actor_uid, actor_uid AS grp FROM ${lit(HITS)} WHERE hits[${param(k + 1)}]`,
        );
      }
    }
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS ${lit(HITS)}`);
  }
  for (const rule of single) await report(rule, { text: rule.sql, params: rule.params });
  return out;
}

/** Rules whose logsources have no event in the case, by logsource (`product/service`), and the rules that have some. */
export async function rulesWithoutEvents(
  db: Duck,
  rules: CompiledRule[],
): Promise<{ idle: { logsource: string; rules: string[] }[]; active: CompiledRule[] }> {
  const has = new Map<string, boolean>();
  for (const key of new Set(rules.flatMap((r) => r.sources))) {
    has.set(key, await db.scalar<boolean>(sql`SELECT EXISTS (SELECT 1 FROM events WHERE ${eventSet(key).where})`));
  }
  const idle = new Map<string, string[]>();
  const active: CompiledRule[] = [];
  for (const r of rules) {
    if (r.sources.some((k) => has.get(k))) active.push(r);
    else {
      const label = r.sources.map((k) => eventSet(k).label).join(' + ');
      idle.set(label, [...(idle.get(label) ?? []), r.id]);
    }
  }
  return {
    idle: [...idle].sort(([a], [b]) => a.localeCompare(b)).map(([logsource, ids]) => ({ logsource, rules: ids })),
    active,
  };
}
