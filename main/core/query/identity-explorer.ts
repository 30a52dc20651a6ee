import type { IdentityFacetFilter, IdentityExRow, IdentityFacets } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { Where } from './where';

/** Identities with the investigator's override applied and their number of findings. */
const ROWS = `
SELECT i.actor_uid, i.display_name, i.source, i.account_uid, i.category, i.kind, i.reason,
  i.first_seen, i.last_seen, i.event_count, i.overridden, coalesce(f.n, 0) AS findings
FROM effective_identities i
LEFT JOIN (SELECT actor_uid, count(*) AS n FROM findings WHERE status <> 'dismissed' GROUP BY actor_uid) f USING (actor_uid)`;

const ORDER = {
  events: 'event_count DESC, actor_uid',
  findings: 'findings DESC, event_count DESC, actor_uid',
  first_seen: 'first_seen NULLS LAST, actor_uid',
  last_seen: 'last_seen DESC NULLS LAST, actor_uid',
  name: 'lower(display_name), actor_uid',
} as const;

type Facet = keyof IdentityFacets;
const FACETS: Facet[] = ['category', 'kind', 'source', 'account_uid', 'has_findings'];

function facetWhere(f: IdentityFacetFilter, skip?: Facet): Where {
  const w = new Where();
  if (skip !== 'category') w.when(f.category, 'category = ?');
  if (skip !== 'kind') w.when(f.kind, 'kind = ?');
  if (skip !== 'source') w.when(f.source, 'source = ?');
  if (skip !== 'account_uid') w.when(f.account_uid, 'account_uid = ?');
  if (skip !== 'has_findings' && f.has_findings !== undefined) w.add(f.has_findings ? 'findings > 0' : 'findings = 0');
  w.when(f.search?.trim(), '(contains(lower(actor_uid), lower(?)) OR contains(lower(display_name), lower(?)))', (s) => [
    s,
    s,
  ]);
  return w;
}

export async function listIdentitiesEx(
  db: Duck,
  q: IdentityFacetFilter & { sort: keyof typeof ORDER; offset: number; limit: number },
): Promise<{ rows: IdentityExRow[]; total: number; offset: number }> {
  const where = facetWhere(q);
  const base = `FROM (${ROWS}) ${where}`;
  const total = await db.scalar<number>(`SELECT count(*) ${base}`, where.params);
  const rows = await db.all<IdentityExRow>(`SELECT * ${base} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`, [
    ...where.params,
    q.limit,
    q.offset,
  ]);
  return { rows, total, offset: q.offset };
}

/** Each facet counted under every other filter but its own, so a picked value still shows its siblings. */
export async function identityFacets(db: Duck, f: IdentityFacetFilter): Promise<IdentityFacets> {
  const out = {} as IdentityFacets;
  for (const facet of FACETS) {
    const where = facetWhere(f, facet);
    const expr =
      facet === 'has_findings' ? "CASE WHEN findings > 0 THEN 'yes' ELSE 'no' END" : `coalesce(${facet}, '')`;
    out[facet] = await db.all<{ value: string; n: number }>(
      `SELECT ${expr} AS value, count(*) AS n FROM (${ROWS}) ${where} GROUP BY 1 ORDER BY n DESC, value LIMIT 200`,
      where.params,
    );
  }
  return out;
}
