import type { IdentityQuery } from '../../../shared/api';
import { TrailmarkError } from '../../../shared/errors';
import type { Identity } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { Where } from './where';

type Q = Required<Pick<IdentityQuery, 'sort' | 'offset' | 'limit'>> & IdentityQuery;

/** Identities as every view sees them: the investigator's override wins over the automatic verdict (migration 0010). */
const EFFECTIVE = `
SELECT actor_uid, display_name, source, account_uid, category, kind, reason, first_seen, last_seen, event_count, overridden
FROM effective_identities`;

const ORDER: Record<Q['sort'], string> = {
  events: 'event_count DESC, actor_uid',
  name: 'lower(display_name), actor_uid',
  first_seen: 'first_seen, actor_uid',
  last_seen: 'last_seen DESC, actor_uid',
};

export async function listIdentities(db: Duck, q: Q): Promise<{ rows: Identity[]; total: number; offset: number }> {
  const where = new Where()
    .when(q.category, 'category = ?')
    .when(q.source, 'source = ?')
    .when(q.search, '(contains(lower(actor_uid), lower(?)) OR contains(lower(display_name), lower(?)))', (s) => [s, s]);
  const base = `FROM (${EFFECTIVE}) ${where}`;
  const total = await db.scalar<number>(`SELECT count(*) ${base}`, where.params);
  const rows = await db.all<Identity>(`SELECT * ${base} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`, [
    ...where.params,
    q.limit,
    q.offset,
  ]);
  return { rows, total, offset: q.offset };
}

export async function getIdentity(db: Duck, actorUid: string): Promise<Identity> {
  const row = await db.one<Identity>(`SELECT * FROM (${EFFECTIVE}) WHERE actor_uid = ?`, [actorUid]);
  if (!row) throw new TrailmarkError('not_found', `no identity ${actorUid} in this case`);
  return row;
}
