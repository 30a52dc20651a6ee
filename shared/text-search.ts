/**
 * The free-text search rule, one place for the core's SQL and the app's highlighting: case-insensitive, matched
 * where a word starts (AccessDenied finds AccessDeniedException, not xAccessDenied); a leading * matches anywhere.
 * Word characters are letters, digits, `._@-` and anything outside ASCII.
 */
export const isWordChar = (ch: string) => /^(?:[A-Za-z0-9._@-]|\P{ASCII})$/u.test(ch);

/** The text a search looks for, and whether it may start inside a word. Null for an empty search. */
export function parseText(text: string | undefined): { literal: string; anywhere: boolean } | null {
  const t = text?.trim() ?? '';
  const anywhere = t.startsWith('*');
  const literal = anywhere ? t.replace(/^\*+/, '') : t;
  return literal ? { literal, anywhere } : null;
}

/** Where a search matches in a text, by the rule above: [start, end) ranges, in order, not overlapping. */
export function searchHits(haystack: string, text: string | undefined): [number, number][] {
  const q = parseText(text);
  if (!q) return [];
  const hay = haystack.toLowerCase();
  const needle = q.literal.toLowerCase();
  const boundary = !q.anywhere && isWordChar(q.literal[0]!);
  const hits: [number, number][] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (boundary && at > 0 && isWordChar(haystack[at - 1]!)) continue;
    hits.push([at, at + needle.length]);
    at += needle.length - 1;
  }
  return hits;
}
