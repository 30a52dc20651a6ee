import { param, sql, type Sql } from '../db/sql';
import { isWordChar, parseText } from '../../../shared/text-search';

/**
 * What free text matches, as Splunk and Elasticsearch users expect: case-insensitive, where a word starts.
 * `AccessDenied` finds AccessDenied and AccessDeniedException, not xAccessDenied; a leading `*` matches anywhere
 * inside words (and can never use the text index). A word is a run of letters, digits, `.`, `_`, `@`, `-` and any
 * non-ASCII character, so IPs, ARNs' parts, UUIDs, access keys and e-mail addresses are one word each.
 */

/** The word characters as the body of an RE2 character class. */
const WORD_CLASS = 'A-Za-z0-9._@\\-\\x{80}-\\x{10FFFF}';
/** Words shorter than this are not in the text index (nearly every block has them anyway). */
export const MIN_INDEXED_WORD = 3;
/** Every word of a raw record that the index keeps, as an RE2 pattern for regexp_extract_all. */
export const INDEXED_WORD_PATTERN = `[${WORD_CLASS}]{${MIN_INDEXED_WORD},}`;

const WORDS = /(?:[A-Za-z0-9._@-]|\P{ASCII})+/gu;

export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The SQL condition over `e.raw`, its patterns bound. The plain literal is tested first: RE2 finds it with a
 * memchr-like prefilter, while a pattern that starts with the word boundary cannot use one (4x slower). CASE makes
 * DuckDB test the boundary only on the records that contain the literal.
 */
export function textCondition(text: string): Sql | null {
  const q = parseText(text);
  if (!q) return null;
  const literal = param(`(?i)${escapeRegex(q.literal)}`);
  if (q.anywhere || !isWordChar(q.literal[0]!)) return sql`regexp_matches(e.raw, ${literal})`;
  const atWordStart = param(`(?i)(?:^|[^${WORD_CLASS}])${escapeRegex(q.literal)}`);
  return sql`CASE WHEN regexp_matches(e.raw, ${literal}) THEN regexp_matches(e.raw, ${atWordStart}) ELSE false END`;
}

/**
 * The words of a search that the index can answer, lower-cased: every word in it starts at a word boundary (the
 * search starts at one, or the word follows punctuation inside it), so a record that matches holds each word
 * whole, except the last one, which it may hold as the start of a longer word. Only ASCII words are used, so
 * JavaScript's and DuckDB's lower() always agree; leaving a word out only widens what is scanned.
 */
export function indexWords(text: string | undefined): { word: string; prefix: boolean }[] {
  const q = parseText(text);
  if (!q || q.anywhere) return [];
  const out: { word: string; prefix: boolean }[] = [];
  for (const m of q.literal.matchAll(WORDS)) {
    const word = m[0];
    if (word.length >= MIN_INDEXED_WORD && /^[\x21-\x7e]+$/.test(word))
      out.push({ word: word.toLowerCase(), prefix: m.index + word.length === q.literal.length });
  }
  return out;
}
