import { lit, param, sql, type Sql } from '../db/sql';
import { unsupported } from './unsupported';

/**
 * `|cidr` without DuckDB's inet extension (not built in): IPv4 as a number range, IPv6 as a prefix of the
 * address written out in 32 hex digits. `sv` in the templates below stands for the value being tested.
 */
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Number(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return null;
  return o.reduce((a, b) => a * 256 + b, 0);
}

/** An IPv6 address as 32 lowercase hex digits, or null. */
export function ipv6Hex(ip: string): string | null {
  const s = ip.toLowerCase();
  if (!/^[0-9a-f:]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return null;
  const [l, r] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = l ? l.split(':') : [];
  const right = r ? r.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (r === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(r === undefined ? 0 : missing).fill('0'), ...right];
  if (groups.some((g) => g.length < 1 || g.length > 4)) return null;
  return groups.map((g) => g.padStart(4, '0')).join('');
}

const V4_NUMBER = `(CASE WHEN regexp_full_match(sv, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') AND list_max(list_transform(string_split(sv, '.'), o -> CAST(o AS INTEGER))) <= 255 THEN list_reduce(list_transform(string_split(sv, '.'), o -> CAST(o AS UBIGINT)), (a, b) -> a * 256 + b) END)`;

// Mirrors ipv6Hex in SQL; only evaluated on values that contain ':' and only hex digits and colons.
const V6_GROUPS = `(CASE WHEN NOT contains(lower(sv), '::') THEN string_split(lower(sv), ':') ELSE
  (CASE WHEN string_split(lower(sv), '::')[1] = '' THEN [] ELSE string_split(string_split(lower(sv), '::')[1], ':') END)
  || list_transform(range(8 - len(CASE WHEN string_split(lower(sv), '::')[1] = '' THEN [] ELSE string_split(string_split(lower(sv), '::')[1], ':') END)
                            - len(CASE WHEN string_split(lower(sv), '::')[2] = '' THEN [] ELSE string_split(string_split(lower(sv), '::')[2], ':') END)), z -> '0')
  || (CASE WHEN string_split(lower(sv), '::')[2] = '' THEN [] ELSE string_split(string_split(lower(sv), '::')[2], ':') END) END)`;
const V6_HEX = `(CASE WHEN regexp_full_match(lower(sv), '[0-9a-f:]+') AND contains(sv, ':') AND len(${V6_GROUPS}) = 8 THEN array_to_string(list_transform(${V6_GROUPS}, g -> lpad(g, 4, '0')), '') END)`;

/** Puts the (parameter-free) value expression where the templates say `sv`. */
function on(template: string, x: Sql): Sql {
  if (x.params.length) throw new Error('cidr value expression must not carry parameters');
  return lit(template.replace(/\bsv\b/g, () => x.text));
}

/** A predicate on x that is true when it is an address inside the network. */
export function cidrPredicate(value: string, x: Sql): Sql {
  const [net = '', bitsText, extra] = value.trim().split('/');
  const bits = bitsText === undefined ? null : Number(bitsText);
  if (extra !== undefined || (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)))
    unsupported(`cidr value "${value}" is not a network`);
  const v4 = ipv4Number(net);
  if (v4 !== null) {
    const p = bits ?? 32;
    if (p > 32) unsupported(`cidr value "${value}" has a prefix longer than 32`);
    const size = 2 ** (32 - p);
    const lo = Math.floor(v4 / size) * size;
    return sql`(${on(V4_NUMBER, x)} BETWEEN ${param(lo)} AND ${param(lo + size - 1)})`;
  }
  const hex = ipv6Hex(net);
  if (hex === null) return unsupported(`cidr value "${value}" is not an IPv4 or IPv6 network`);
  const p = bits ?? 128;
  if (p > 128) unsupported(`cidr value "${value}" has a prefix longer than 128`);
  const full = Math.floor(p / 4);
  const rem = p % 4;
  let pred = sql`starts_with(${on(V6_HEX, x)}, ${param(hex.slice(0, full))})`;
  if (rem) {
    const nibble = parseInt(hex.charAt(full), 16) >> (4 - rem);
    pred = sql`(${pred} AND ((strpos('0123456789abcdef', substr(${on(V6_HEX, x)}, ${param(full + 1)}, 1)) - 1) >> ${param(4 - rem)}) = ${param(nibble)})`;
  }
  return pred;
}
