import { TrailmarkError } from '../../../shared/errors';

/**
 * The time forms accepted from users and API callers (--from/--to, filter and scope times), and nothing else:
 *   2026-10-03                          a date: midnight UTC
 *   2026-10-03T14:00 / T14:00:05 / T14:00:05.123   a time of day (a space may stand for the T)
 *   followed by Z, +02:00, -0500 or +02 for an offset; without one the time is UTC.
 * JavaScript's Date.parse guesses at anything else ("10/3" is 3 October 2001, local time), and a forensic query
 * must not guess: every other text is bad input.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The instant `value` names, as an ISO 8601 UTC string; throws bad_request naming `flag` for anything else. */
export function parseTime(value: string, flag: string): string {
  const ms = timeMs(value.trim());
  if (ms === null)
    throw new TrailmarkError(
      'bad_request',
      `${flag}: "${value}" is not an ISO 8601 date or time (e.g. 2026-10-03, 2026-10-03T14:00:00Z, 2026-10-03T16:00+02:00)`,
    );
  return new Date(ms).toISOString();
}

function timeMs(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) =>
    x === undefined ? undefined : Number(x),
  ) as number[];
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  if (mo! < 1 || mo! > 12 || d! < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y!, mo! - 1, d!, h, mi, s) + Math.floor(frac);
  if (new Date(local).getUTCDate() !== d) return null; // 2026-02-30
  const zone = m[8];
  if (!zone || zone === 'Z') return local;
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const [oh, om] = [Number(z[2]), Number(z[3] ?? 0)];
  if (oh > 23 || om > 59) return null;
  return local - (z[1] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}
