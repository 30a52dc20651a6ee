import { TrailmarkError } from '../../../shared/errors';
import type { Identity } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';

/** Identities as every view sees them: the investigator's override wins over the automatic verdict (migration 0010). */
const EFFECTIVE = lit(`
SELECT actor_uid, display_name, source, account_uid, category, kind, reason, first_seen, last_seen, event_count, overridden
FROM effective_identities`);

export async function getIdentity(db: Duck, actorUid: string): Promise<Identity> {
  const row = await db.one<Identity>(sql`SELECT * FROM (${EFFECTIVE}) WHERE actor_uid = ${param(actorUid)}`);
  if (!row) throw new TrailmarkError('not_found', `no identity ${actorUid} in this case`);
  return row;
}
