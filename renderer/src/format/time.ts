/** Every time is shown in UTC: investigators compare logs from many zones, local time would only confuse. */

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2024-03-05T14:02:11Z (milliseconds only when present). */
export function isoUtc(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return iso ?? '';
  const s = d.toISOString();
  return s.endsWith('.000Z') ? s.slice(0, -5) + 'Z' : s;
}

/** 2024-03-05 14:02, for dense lists. */
export function compactUtc(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return iso ?? '—';
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** 2024-03-05 */
export function dayUtc(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? d.toISOString().slice(0, 10) : '—';
}

/** First–last seen as days, as short as stays unambiguous: "2024-08-02", "2026-10-01 → 10-21", or both in full. */
export function dayRangeUtc(first: string | null | undefined, last: string | null | undefined): string {
  const a = dayUtc(first);
  const b = dayUtc(last);
  if (a === b) return a;
  if (a.slice(0, 4) === b.slice(0, 4) && b !== '—') return `${a} → ${b.slice(5)}`;
  return `${a} → ${b}`;
}
