import type { EventFilter } from '../../../shared/methods/workspace';
import { TrailmarkError } from '../../../shared/errors';
import { lit, list, param, sql, type Sql } from '../db/sql';
import { parseTime } from './events';
import { textCondition } from './text-match';
import { isSet, where, type Condition } from './where';

/** The effective category of each identity: the investigator's override wins over the automatic verdict. */
export const EFFECTIVE_CATEGORY = lit('SELECT actor_uid, category FROM effective_identities');

/**
 * Which tables a query reads: the case's own (the app's views), or the console's documented `q` views, whose
 * search path makes `events`, `identities`, `findings` and `finding_events` mean q.* (Show SQL, which a user can
 * read, run and re-run in the console). The rows are the same either way; only the spelling differs.
 */
export type Over = 'case' | 'views';

/** Each identity's effective category, over the tables of `over` (q.identities has the override applied). */
export function categoryOf(over: Over): Sql {
  return over === 'case' ? EFFECTIVE_CATEGORY : lit('SELECT actor_uid, category FROM identities');
}

/** The evidence event ids of one finding, over the tables of `over`. */
export function findingEventUids(over: Over, id: string): Sql {
  return over === 'case'
    ? sql`SELECT unnest(event_uids) FROM findings WHERE id = ${param(id)}`
    : sql`SELECT event_uid FROM finding_events WHERE finding_id = ${param(id)}`;
}

/** The evidence event ids of every finding of some identities, over the tables of `over`. */
export function actorsFindingEventUids(over: Over, actors: string[]): Sql {
  return over === 'case'
    ? sql`SELECT unnest(event_uids) FROM findings WHERE actor_uid IN ${list(actors)}`
    : sql`SELECT fe.event_uid FROM finding_events fe JOIN findings f USING (finding_id) WHERE f.actor_uid IN ${list(actors)}`;
}

/** An IPv4 address as a number in SQL (NULL for anything else), for CIDR ranges. */
const IPV4_NUMBER = lit(`CASE WHEN regexp_full_match(e.src_ip, '\\d{1,3}(\\.\\d{1,3}){3}') THEN
  (CAST(split_part(e.src_ip, '.', 1) AS UBIGINT) << 24) + (CAST(split_part(e.src_ip, '.', 2) AS UBIGINT) << 16)
  + (CAST(split_part(e.src_ip, '.', 3) AS UBIGINT) << 8) + CAST(split_part(e.src_ip, '.', 4) AS UBIGINT) END`);

/** [first, last] addresses of an IPv4 CIDR as numbers, or null when the text is not one. */
export function ipv4Range(cidr: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32)
    throw new TrailmarkError('bad_request', `ip: "${cidr}" is not a valid IPv4 CIDR`);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return [first, first + size - 1];
}

/** The conditions of a workspace filter over `events e`, every value a parameter. */
export function eventConditions(f: EventFilter, over: Over = 'case'): Condition[] {
  const uids = f.actor_uids ?? [];
  const ip = f.ip?.trim();
  const range = ip ? ipv4Range(ip) : null;
  return [
    uids.length === 1 && sql`e.actor_uid = ${param(uids[0]!)}`,
    uids.length > 1 && sql`e.actor_uid IN ${list(uids)}`,
    isSet(f.category) &&
      sql`e.actor_uid IN (SELECT actor_uid FROM (${categoryOf(over)}) WHERE category = ${param(f.category)})`,
    isSet(f.operation) && sql`e.api_operation = ${param(f.operation)}`,
    isSet(f.service) && sql`e.api_service = ${param(f.service)}`,
    isSet(f.outcome) && sql`e.outcome = ${param(f.outcome)}`,
    isSet(f.source) && sql`e.source = ${param(f.source)}`,
    isSet(f.target) && sql`list_contains(e.targets, ${param(f.target)})`,
    isSet(f.user_agent) && sql`contains(lower(e.user_agent), lower(${param(f.user_agent)}))`,
    isSet(f.from) && sql`e.time >= CAST(${param(parseTime(f.from, 'from'))} AS TIMESTAMPTZ)`,
    isSet(f.to) && sql`e.time < CAST(${param(parseTime(f.to, 'to'))} AS TIMESTAMPTZ)`,
    textCondition(f.text ?? ''),
    isSet(f.finding) && sql`e.event_uid IN (${findingEventUids(over, f.finding)})`,
    range && sql`${IPV4_NUMBER} BETWEEN ${param(range[0])} AND ${param(range[1])}`,
    !!ip && !range && sql`e.src_ip = ${param(ip)}`,
  ];
}

/** The WHERE clause for a workspace filter over `events e`, with any further conditions. */
export function eventWhere(f: EventFilter, ...more: Condition[]): Sql {
  return where([...eventConditions(f), ...more]);
}

/** The same WHERE clause over the console's `q` views (Show SQL). */
export function eventWhereOver(over: Over, f: EventFilter, ...more: Condition[]): Sql {
  return where([...eventConditions(f, over), ...more]);
}

/** The one identity a filter asks for when it asks for nothing else (an identity page before any brush). */
export function soleActor(filter: EventFilter): string | null {
  const { actor_uids, ...rest } = filter;
  const alone = Object.values(rest).every((v) => v === undefined || v === '' || (Array.isArray(v) && !v.length));
  return alone && actor_uids?.length === 1 ? actor_uids[0]! : null;
}
