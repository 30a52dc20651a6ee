import type { Duck } from '../db/duck';
import { ident, lit, param, sql, type Sql } from '../db/sql';
import { DEFAULT_RECENT_DAYS, type AnalysisParams } from './params';

/**
 * Working tables for one run (TEMP: they live only on this connection):
 * - tm_ev: every attributed event with derived columns (network, agent family, UTC hour) and `recent`
 *   (inside the analysed window) — the baseline is simply `NOT recent`; with an adaptive window an identity
 *   whose activity ends early is analysed over its own last days (own_window);
 * - tm_base: per identity (role sessions are already rolled up to the role), its learning-window profile,
 *   including whether it behaved like a person then (an intruder's console sign-in must not make a machine
 *   identity look human after the fact);
 * - tm_seen: what each identity did in the learning window (operations, services, networks, agents, regions) and
 *   what its calls acted on (targets).
 */
const IPV4 = lit(`'^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$'`);

export async function prepare(db: Duck, p: AnalysisParams): Promise<void> {
  const until = sql`${param(p.baselineUntil)}::TIMESTAMPTZ`;
  // an identity with no event in the analysed window is analysed over its own last days instead
  const last = sql`max(e.time) OVER (PARTITION BY e.actor_uid)`;
  const windowStart = p.adaptive
    ? sql`CASE WHEN ${last} < ${until} THEN ${last} - INTERVAL (${param(DEFAULT_RECENT_DAYS)}) DAY ELSE ${until} END`
    : until;
  await db.run(
    sql`CREATE OR REPLACE TEMP TABLE tm_ev AS
     SELECT e.event_uid, e.time, e.actor_uid AS actor,
            coalesce(i.category, 'unknown') AS category, coalesce(i.kind, '') AS kind, e.source,
            coalesce(e.api_service, '') AS service, coalesce(e.api_operation, '') AS operation,
            e.resource_uid, e.resource_type, e.targets, e.outcome, e.error_code, e.src_ip,
            coalesce(e.user_agent, '') AS user_agent, coalesce(e.region, '') AS region, e.credential_uid, e.interactive,
            regexp_matches(coalesce(e.src_ip, ''), ${IPV4}) OR coalesce(e.src_ip, '') LIKE '%:%:%' AS is_ip,
            CASE WHEN regexp_matches(coalesce(e.src_ip, ''), ${IPV4})
                   THEN regexp_extract(e.src_ip, '^([0-9]+\\.[0-9]+)\\.', 1) || '.0.0/16'
                 WHEN coalesce(e.src_ip, '') LIKE '%:%:%'
                   THEN array_to_string(string_split(e.src_ip, ':')[1:3], ':') || '::/48'
                 ELSE coalesce(e.src_ip, '') END AS net,
            CASE WHEN regexp_matches(coalesce(e.src_ip, ''), ${IPV4})
                   THEN split_part(e.src_ip, '.', 1) || '.0.0.0/8'
                 ELSE coalesce(e.src_ip, '') END AS net8,
            lower(regexp_extract(coalesce(e.user_agent, ''), '^[\\s\\[]*([A-Za-z][A-Za-z0-9_.-]*)', 1)) AS ua_family,
            CAST(date_part('hour', timezone('UTC', e.time)) AS INTEGER) AS hr,
            CAST(date_part('isodow', timezone('UTC', e.time)) AS INTEGER) AS dow,
            e.time >= ${windowStart} AS recent,
            ${windowStart} < ${until} AS own_window
     FROM events e LEFT JOIN effective_identities i ON i.actor_uid = e.actor_uid
     WHERE e.actor_uid IS NOT NULL AND e.time IS NOT NULL`,
  );
  await db.run(
    sql`CREATE OR REPLACE TEMP TABLE tm_base AS
     SELECT actor, count(*) AS n, min(time) AS first, max(time) AS last,
            count(DISTINCT CAST(timezone('UTC', time) AS DATE)) AS days,
            count(DISTINCT net) FILTER (WHERE is_ip) AS nets,
            count(DISTINCT operation) AS ops,
            -- how the identity behaved while it was trusted: a person signs in and uses a browser
            bool_or(operation = 'ConsoleLogin' OR lower(user_agent) LIKE 'mozilla/%') AS interactive,
            count(*) >= ${param(p.minBaselineEvents)}
              AND count(DISTINCT CAST(timezone('UTC', time) AS DATE)) >= ${param(p.minBaselineDays)} AS eligible
     FROM tm_ev WHERE NOT recent GROUP BY actor`,
  );
  await db.run(
    sql`CREATE OR REPLACE TEMP TABLE tm_seen AS
     SELECT actor, kind, value, count(*) AS n FROM (
       SELECT actor, unnest(['operation', 'service', 'network', 'net8', 'ip', 'user agent', 'region']) AS kind,
              unnest([operation, service, net, net8, coalesce(src_ip, ''), ua_family, region]) AS value
       FROM tm_ev WHERE NOT recent
       UNION ALL
       -- what its calls acted on (events.targets): a list, each value counted once per call
       SELECT actor, 'target' AS kind, unnest(targets) AS value FROM tm_ev WHERE NOT recent AND targets IS NOT NULL)
     GROUP BY ALL`,
  );
}

export async function dropWorkingTables(db: Duck): Promise<void> {
  for (const t of ['tm_ev', 'tm_base', 'tm_seen']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}

/** The identity's usual values of a kind, most used first, as "10.20.0.0/16 (7,900), …" for explanations. */
export function usualSql(kind: string): Sql {
  return sql`(SELECT string_agg(value || ' (' || n || ')', ', ' ORDER BY n DESC, value) FROM
            (SELECT value, n FROM tm_seen s WHERE s.actor = g.actor AND s.kind = ${param(kind)} AND value <> ''
             ORDER BY n DESC, value LIMIT 3))`;
}

/**
 * Person-like identities: those that behaved interactively in their learning window; identities without
 * history fall back to their classification.
 */
export const PERSON_LIKE_SQL = `(SELECT DISTINCT e.actor, coalesce(b.interactive, e.category = 'human') AS person
  FROM tm_ev e LEFT JOIN tm_base b ON b.actor = e.actor)`;
export const PERSON_LIKE = lit(PERSON_LIKE_SQL);
