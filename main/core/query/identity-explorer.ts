import type { IdentityFacetFilter, IdentityExRow, IdentityFacets } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { ident, lit, param, sql, type Sql } from '../db/sql';
import { isSet, where } from './where';

/**
 * Identities with the investigator's override applied and their number of findings: from the case's tables, or
 * (views) from the console's q.identities, which has the override applied too (Show SQL).
 */
const rowsOver = (identities: 'effective_identities' | 'identities') =>
  lit(`
SELECT i.actor_uid, i.display_name, i.source, i.account_uid, i.category, i.kind, i.reason,
  i.first_seen, i.last_seen, i.event_count, i.overridden, coalesce(f.n, 0) AS findings
FROM ${identities} i
LEFT JOIN (SELECT actor_uid, count(*) AS n FROM findings WHERE status <> 'dismissed' GROUP BY actor_uid) f USING (actor_uid)`);
const ROWS = rowsOver('effective_identities');

const ORDER = {
  events: 'event_count DESC, actor_uid',
  findings: 'findings DESC, event_count DESC, actor_uid',
  first_seen: 'first_seen NULLS LAST, actor_uid',
  last_seen: 'last_seen DESC NULLS LAST, actor_uid',
  name: 'lower(display_name), actor_uid',
} as const;

type Facet = keyof IdentityFacets;
const FACETS: Facet[] = ['category', 'kind', 'source', 'account_uid', 'has_findings'];

function facetWhere(f: IdentityFacetFilter, skip?: Facet): Sql {
  const search = f.search?.trim();
  return where([
    skip !== 'category' && isSet(f.category) && sql`category = ${param(f.category)}`,
    skip !== 'kind' && isSet(f.kind) && sql`kind = ${param(f.kind)}`,
    skip !== 'source' && isSet(f.source) && sql`source = ${param(f.source)}`,
    skip !== 'account_uid' && isSet(f.account_uid) && sql`account_uid = ${param(f.account_uid)}`,
    skip !== 'has_findings' && f.has_findings !== undefined && lit(f.has_findings ? 'findings > 0' : 'findings = 0'),
    isSet(search) &&
      sql`(contains(lower(actor_uid), lower(${param(search)})) OR contains(lower(display_name), lower(${param(search)})))`,
  ]);
}

export async function listIdentities(
  db: Duck,
  q: IdentityFacetFilter & { sort: keyof typeof ORDER; offset: number; limit: number },
): Promise<{ rows: IdentityExRow[]; total: number; offset: number }> {
  const base = sql`FROM (${ROWS}) ${facetWhere(q)}`;
  const total = await db.scalar<number>(sql`SELECT count(*) ${base}`);
  const rows = await db.all<IdentityExRow>(
    sql`SELECT * ${base} ORDER BY ${lit(ORDER[q.sort])} LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total, offset: q.offset };
}

/** The identity list in its order, every page of it, over the console's views: its Show SQL. */
export function identitiesShowSql(q: IdentityFacetFilter & { sort: keyof typeof ORDER }): Sql {
  return sql`SELECT * FROM (${rowsOver('identities')}) ${facetWhere(q)} ORDER BY ${lit(ORDER[q.sort])}`;
}

/** Each facet counted under every other filter but its own, so a picked value still shows its siblings. */
export async function identityFacets(db: Duck, f: IdentityFacetFilter): Promise<IdentityFacets> {
  const out = {} as IdentityFacets;
  for (const facet of FACETS) {
    const expr =
      facet === 'has_findings'
        ? lit("CASE WHEN findings > 0 THEN 'yes' ELSE 'no' END")
        : sql`coalesce(${ident(facet)}, '')`;
    out[facet] = await db.all<{ value: string; n: number }>(
      sql`SELECT ${expr} AS value, count(*) AS n FROM (${ROWS}) ${facetWhere(f, facet)}
          GROUP BY 1 ORDER BY n DESC, value LIMIT 200`,
    );
  }
  return out;
}
