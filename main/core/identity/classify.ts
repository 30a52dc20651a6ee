/**
 * The shared shape of every source's identity classification: aggregate the events of the identities touched by
 * this ingest (temp table ingest_actors), then one CASE that returns {c: category, k: kind, r: reason}. Every
 * rule's reason names the field and the value that decided it. All events are re-aggregated, so a later file can
 * change an earlier verdict.
 */
export function classifySql(opts: {
  /** Sources whose events are aggregated together (e.g. Azure activity and Entra sign-ins share app ids). */
  sources: string[];
  /** Extra aggregates over the identity's events (`e`), as "expr AS name" items. */
  extraAgg?: string[];
  /** A CASE expression over the aggregate columns returning {'c': ..., 'k': ..., 'r': ...}. */
  verdict: string;
  /** Also attribute events to the identity named in this column (e.g. a Kubernetes impersonator). */
  alsoAttributeTo?: 'credential_uid';
  /**
   * Only the identities whose actor_uid meets this condition (fixed SQL text from code). A key namespace that several
   * sources name (a Google account in GCP and GKE audit) is classified by one statement over all of them.
   */
  actors?: string;
}): string {
  const src = opts.sources.map((x) => `'${x}'`).join(', ');
  const mine = `actor_uid IN (SELECT actor_uid FROM ingest_actors${opts.actors ? ` WHERE ${opts.actors}` : ''})`;
  const also = opts.alsoAttributeTo
    ? `UNION ALL SELECT ${opts.alsoAttributeTo} AS uid, true AS via_other, * FROM events
       WHERE source IN (${src}) AND ${opts.alsoAttributeTo} IN (SELECT actor_uid FROM ingest_actors${opts.actors ? ` WHERE ${opts.actors}` : ''})`
    : '';
  return `
INSERT OR REPLACE INTO identities
WITH e AS (
  SELECT actor_uid AS uid, false AS via_other, * FROM events
  WHERE source IN (${src}) AND ${mine}
  ${also}
), agg AS (
  SELECT
    uid AS actor_uid,
    mode(source) AS source,
    mode(actor_name) FILTER (WHERE NOT via_other) AS name,
    mode(actor_type) FILTER (WHERE NOT via_other) AS actor_type,
    mode(account_uid) AS account_uid,
    min(time) AS first_seen,
    max(time) AS last_seen,
    count(*) AS n,
    count(*) FILTER (WHERE via_other) AS via_other_n,
    count(*) FILTER (WHERE interactive AND NOT via_other) AS interactive_n,
    mode(user_agent) AS top_ua,
    mode(credential_uid) FILTER (WHERE NOT via_other) AS top_credential
    ${(opts.extraAgg ?? []).map((a) => `, ${a}`).join('')}
  FROM e GROUP BY uid
), verdict AS (
  SELECT *, ${opts.verdict} AS v FROM agg
)
SELECT actor_uid, coalesce(name, regexp_replace(actor_uid, '^[a-z0-9_]+:', '')), source, account_uid,
  v.c, v.k, v.r, first_seen, last_seen, n
FROM verdict`;
}

/** A verdict struct literal; reason is a SQL expression (usually format(...)). */
export const verdict = (category: 'human' | 'machine' | 'unknown', kind: string, reason: string) =>
  `{'c': '${category}', 'k': '${kind}', 'r': ${reason}}`;

/** A count in SQL formatted with thousands separators, as reasons print it ("1,768"). */
export const nfmt = (expr: string) => `format('{:,}', ${expr})`;

/** How a source names the interactive side of behaviour in its reasons. */
export interface BehaviourWords {
  /** Calls made by a person's tool: "from the console". */
  interactive: string;
  /** The sign-in event, singular: "console sign-in". */
  signIn: string;
}

const AWS_WORDS: BehaviourWords = { interactive: 'from the console', signIn: 'console sign-in' };

/**
 * The category from the weight of an identity's behaviour, never from a handful of events. Reads the aggregate
 * columns n, prog_n, console_n (interactive calls), console_logins (sign-ins among them), console_days,
 * console_first, console_last, console_ua and prog_ua (the most used user agents of each side).
 * - no interactive call: machine;
 * - no programmatic call, or interactive calls are at least half: human;
 * - interactive calls are at most 1 in 20 and fall on at most 2 days: machine, and the reason gives both sides
 *   (the interactive ones are what machine_used_like_human reports);
 * - anything between: unknown, with both sides.
 */
export function behaviourVerdict(kind: string, w: BehaviourWords = AWS_WORDS): string {
  const when = `CASE WHEN console_days <= 1 THEN 'on ' || strftime(timezone('UTC', console_first), '%m-%d %H:%M')
    ELSE 'from ' || strftime(timezone('UTC', console_first), '%m-%d') || ' to ' || strftime(timezone('UTC', console_last), '%m-%d') END`;
  const interactiveSide = `CASE WHEN console_logins = console_n
      THEN ${nfmt('console_logins')} || ' ${w.signIn}' || CASE WHEN console_logins > 1 THEN 's' ELSE '' END
    ELSE ${nfmt('console_n')} || ' ' || CASE WHEN console_n > 1 THEN 'calls' ELSE 'call' END || ' ${w.interactive}'
      || ' (' || ${nfmt('console_logins')} || ' ${w.signIn}' || CASE WHEN console_logins = 1 THEN '' ELSE 's' END
      || coalesce(', top userAgent = ' || console_ua, '') || ')' END`;
  const progSide = `${nfmt('prog_n')} || ' of ' || ${nfmt('n')} || ' calls programmatic' || coalesce(' (top userAgent = ' || prog_ua || ')', '')`;
  return `CASE
    WHEN console_n = 0 THEN {'c': 'machine', 'k': '${kind}', 'r': 'machine: all ' || ${nfmt('n')} || ' calls programmatic'
      || coalesce(' (top userAgent = ' || prog_ua || ')', '') || ', none ${w.interactive}'}
    WHEN prog_n <= 0 THEN {'c': 'human', 'k': '${kind}', 'r': 'human: all ' || ${nfmt('n')} || ' events ${w.interactive}: ' || ${interactiveSide} || ' ' || ${when}}
    WHEN console_n * 20 <= n AND console_days <= 2 THEN {'c': 'machine', 'k': '${kind}', 'r': 'machine: ' || ${progSide} || '; '
      || ${interactiveSide} || ' ' || ${when} || ', too few to make it a person'}
    WHEN console_n * 2 >= n THEN {'c': 'human', 'k': '${kind}', 'r': 'human: ' || ${interactiveSide} || ' ' || ${when}
      || ' against ' || ${progSide}}
    ELSE {'c': 'unknown', 'k': '${kind}', 'r': 'mixed: ' || ${progSide} || '; ' || ${interactiveSide} || ' '
      || ${when} || CASE WHEN console_days > 1 THEN ', on ' || ${nfmt('console_days')} || ' days' ELSE '' END}
  END`;
}
