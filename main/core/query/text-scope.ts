import type { EventFilter } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { join, lit, param, sql, type Sql } from '../db/sql';
import { textIndexRows } from './text-index';
import { indexWords } from './text-match';

/**
 * A word in more blocks than this is frequent: a full scan finds its first page sooner (DuckDB's top-N skips row
 * groups by time once it has a page, which it cannot do across a union of ranges), so the index is not used.
 */
const FREQUENT = (blocks: number) => Math.max(16, blocks / 16);
/** Beyond this many runs of blocks, planning the union costs more than it saves. */
const MAX_RANGES = 64;
/** The most selective words: the longest ones, and at most this many. */
const MAX_WORDS = 3;

/** The index's answer for a search: the blocks that hold every word, and how the index cuts rows into blocks. */
export interface TextBlocks {
  blocks: number[];
  /** Rows the index covers (row ids below this); the rest are read whatever the words. */
  covered: number;
  /** A block is 2^shift row ids. */
  shift: number;
  /** The words are in so many blocks that reading the table is sooner than reading their ranges. */
  frequent: boolean;
}

/** The blocks of the text index that hold every word of a free-text filter, or null when the index can't answer. */
export async function textBlocks(db: Duck, filter: EventFilter): Promise<TextBlocks | null> {
  const words = indexWords(filter.text)
    .sort((a, b) => b.word.length - a.word.length)
    .slice(0, MAX_WORDS);
  if (!words.length) return null;
  const { rows: covered, shift } = await textIndexRows(db);
  if (!covered) return null;
  // Bound words still reach the scan as filters, so the zone maps of the sorted index find them.
  const lookups = words.map(({ word, prefix }) =>
    prefix
      ? sql`SELECT block FROM text_index
            WHERE term >= ${param(word)} AND term < ${param(word)} || chr(1114111) AND starts_with(term, ${param(word)})`
      : sql`SELECT block FROM text_index WHERE term = ${param(word)}`,
  );
  const blocks = (
    await db.all<{ block: number }>(sql`SELECT DISTINCT block FROM (${join(lookups, ' INTERSECT ')}) ORDER BY block`)
  ).map((r) => r.block);
  return { blocks, covered, shift, frequent: blocks.length > FREQUENT(Math.ceil(covered / 2 ** shift)) };
}

/** The row id ranges of some blocks, consecutive blocks joined into one range. */
export function blockRanges(scope: TextBlocks, blocks: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const b of blocks) {
    const [from, to] = [b * 2 ** scope.shift, Math.min(scope.covered, (b + 1) * 2 ** scope.shift)];
    const last = ranges[ranges.length - 1];
    if (last && last[1] === from) last[1] = to;
    else ranges.push([from, to]);
  }
  return ranges;
}

/** The rows of some blocks (and, with `tail`, the rows the index does not cover yet), as the source of `FROM … e`. */
export function blockRows(scope: TextBlocks, blocks: number[], tail: boolean): Sql {
  return rangeRows(blockRanges(scope, blocks), tail ? scope.covered : null);
}

function rangeRows(ranges: [number, number][], tailFrom: number | null): Sql {
  const parts = ranges.map(
    ([from, to]) => sql`SELECT * FROM events WHERE rowid >= ${param(from)} AND rowid < ${param(to)}`,
  );
  if (tailFrom !== null) parts.push(sql`SELECT * FROM events WHERE rowid >= ${param(tailFrom)}`);
  return parts.length ? sql`(${join(parts, ' UNION ALL ')})` : sql`(SELECT * FROM events WHERE false)`;
}

/**
 * The rows a free-text filter has to read, as the source of `FROM … e`: with the text index, only the blocks that
 * hold every word of the search (and the rows the index does not cover yet), each read by a rowid range that
 * DuckDB turns into a row-group skip; else the whole events table. The text condition itself (eventWhere) still
 * decides every row, so the index only ever narrows what is read.
 */
export async function eventsSource(db: Duck, filter: EventFilter): Promise<Sql> {
  return scopeSource(await textBlocks(db, filter));
}

/** eventsSource for the index's answer already looked up. */
export function scopeSource(scope: TextBlocks | null): Sql {
  const events = lit('events');
  if (!scope || scope.frequent) return events;
  const ranges = blockRanges(scope, scope.blocks);
  return ranges.length > MAX_RANGES ? events : rangeRows(ranges, scope.covered);
}
