import type { IdentityQuery } from '../../../shared/api';
import { TrailmarkError } from '../../../shared/errors';
import type { Identity } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { isSet, where } from './where';

type Q = Required<Pick<IdentityQuery, 'sort' | 'offset' | 'limit'>> & IdentityQuery;

/** Identities as every view sees them: the investigator's override wins over the automatic verdict (migration 0010). */
const EFFECTIVE = lit(`
SELECT actor_uid, display_name, source, account_uid, category, kind, reason, first_seen, last_seen, event_count, overridden
FROM effective_identities`);

const ORDER: Record<Q['sort'], string> = {
  events: 'event_count DESC, actor_uid',
  name: 'lower(display_name), actor_uid',
  first_seen: 'first_seen, actor_uid',
  last_seen: 'last_seen DESC, actor_uid',
};

export async function listIdentities(db: Duck, q: Q): Promise<{ rows: Identity[]; total: number; offset: number }> {
  const base = sql`FROM (${EFFECTIVE}) ${where([
    isSet(q.category) && sql`category = ${param(q.category)}`,
    isSet(q.source) && sql`source = ${param(q.source)}`,
    isSet(q.search) &&
      sql`(contains(lower(actor_uid), lower(${param(q.search)})) OR contains(lower(display_name), lower(${param(q.search)})))`,
  ])}`;
  const total = await db.scalar<number>(sql`SELECT count(*) ${base}`);
  const rows = await db.all<Identity>(
    sql`SELECT * ${base} ORDER BY ${lit(ORDER[q.sort])} LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total, offset: q.offset };
}

export async function getIdentity(db: Duck, actorUid: string): Promise<Identity> {
  const row = await db.one<Identity>(sql`SELECT * FROM (${EFFECTIVE}) WHERE actor_uid = ${param(actorUid)}`);
  if (!row) throw new TrailmarkError('not_found', `no identity ${actorUid} in this case`);
  return row;
}
