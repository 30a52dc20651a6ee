import type { EventFilter } from '../../../shared/methods/workspace';
import { TrailmarkError } from '../../../shared/errors';
import { parseTime } from './events';
import { textCondition } from './text-match';
import { Where } from './where';

/** The effective category of each identity: the investigator's override wins over the automatic verdict. */
export const EFFECTIVE_CATEGORY = 'SELECT actor_uid, category FROM effective_identities';

/** An IPv4 address as a number in SQL (NULL for anything else), for CIDR ranges. */
const IPV4_NUMBER = `CASE WHEN regexp_full_match(e.src_ip, '\\d{1,3}(\\.\\d{1,3}){3}') THEN
  (CAST(split_part(e.src_ip, '.', 1) AS UBIGINT) << 24) + (CAST(split_part(e.src_ip, '.', 2) AS UBIGINT) << 16)
  + (CAST(split_part(e.src_ip, '.', 3) AS UBIGINT) << 8) + CAST(split_part(e.src_ip, '.', 4) AS UBIGINT) END`;

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

/** The WHERE clause for a workspace filter over `events e`; every value a parameter. */
export function eventWhere(f: EventFilter): Where {
  const w = new Where();
  const uids = f.actor_uids ?? [];
  if (uids.length === 1) w.add('e.actor_uid = ?', uids[0]!);
  else if (uids.length > 1) w.add(`e.actor_uid IN (${uids.map(() => '?').join(', ')})`, ...uids);
  w.when(f.category, `e.actor_uid IN (SELECT actor_uid FROM (${EFFECTIVE_CATEGORY}) WHERE category = ?)`)
    .when(f.operation, 'e.api_operation = ?')
    .when(f.service, 'e.api_service = ?')
    .when(f.outcome, 'e.outcome = ?')
    .when(f.source, 'e.source = ?')
    .when(f.user_agent, 'contains(lower(e.user_agent), lower(?))')
    .when(f.from, 'e.time >= CAST(? AS TIMESTAMPTZ)', (v) => [parseTime(v, 'from')])
    .when(f.to, 'e.time < CAST(? AS TIMESTAMPTZ)', (v) => [parseTime(v, 'to')]);
  const text = textCondition(f.text ?? '');
  if (text) w.add(text.sql, ...text.params);
  if (f.ip?.trim()) {
    const range = ipv4Range(f.ip);
    if (range) w.add(`${IPV4_NUMBER} BETWEEN ? AND ?`, range[0], range[1]);
    else w.add('e.src_ip = ?', f.ip.trim());
  }
  return w;
}

/** The one identity a filter asks for when it asks for nothing else (an identity page before any brush). */
export function soleActor(filter: EventFilter): string | null {
  const { actor_uids, ...rest } = filter;
  const alone = Object.values(rest).every((v) => v === undefined || v === '' || (Array.isArray(v) && !v.length));
  return alone && actor_uids?.length === 1 ? actor_uids[0]! : null;
}
