import type { TextIndexStatus } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { list, param, sql } from '../db/sql';
import { onLane } from '../db/lanes';
import { INDEXED_WORD_PATTERN } from './text-match';

/**
 * The text index: which blocks of events hold each word (lower-cased) of their raw records, so a search for a
 * rare word reads a few blocks instead of every raw record. A block is 2^14 consecutive rows of `events` by
 * rowid. Rowids are positions, and DuckDB may renumber the rows after a deleted range when it checkpoints (only
 * an ingest deletes, and only its own rows); so the index keeps a fingerprint of its last rows with their rowids,
 * and is thrown away and rebuilt if that ever changes (see textIndexValid).
 *
 * It is built in the background, on a lane of its own, after every ingest and when a case opens: a chunk of rows
 * at a time into `text_index_build` (so a build survives the case closing), then merged into `text_index` sorted
 * by word, so DuckDB's zone maps find a word by reading a row group or two.
 */
const BLOCK_SHIFT = 14;
/** Tests set smaller blocks to exercise many of them; a case keeps the size its index was built with. */
const newBlockShift = () => Number(process.env.TRAILMARK_TEXT_BLOCK_SHIFT ?? BLOCK_SHIFT);
/** Rows tokenised per statement: 8 blocks (131,072 rows with the usual blocks). */
const CHUNK_BLOCKS = 8;
const CHECK_ROWS = 4096;
const KEY = {
  rows: 'text_index.rows',
  staged: 'text_index.staged',
  check: 'text_index.check',
  stagedCheck: 'text_index.staged_check',
  shift: 'text_index.shift',
};

interface Indexer {
  state: 'idle' | 'building' | 'paused' | 'ready' | 'failed';
  done: number;
  total: number;
  error: string | null;
  /** Bumped by every pause and schedule: a build that sees another generation stops between chunks. */
  gen: number;
  /** The (rows, fingerprint) last found valid, so searches check it once per change, not per view. */
  valid: string | null;
}

const indexers = new WeakMap<Duck, Indexer>();
const indexer = (db: Duck): Indexer => {
  let ix = indexers.get(db.root);
  if (!ix) indexers.set(db.root, (ix = { state: 'idle', done: 0, total: 0, error: null, gen: 0, valid: null }));
  return ix;
};

interface Meta {
  rows: number;
  staged: number;
  check: string;
  stagedCheck: string;
  shift: number | null;
}

async function meta(conn: Duck): Promise<Meta> {
  const rows = await conn.all<{ key: string; value: string }>(
    sql`SELECT key, value FROM case_meta WHERE key IN ${list(Object.values(KEY))}`,
  );
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const covered = Number(get(KEY.rows) ?? 0);
  return {
    rows: covered,
    staged: Math.max(covered, Number(get(KEY.staged) ?? 0)),
    check: get(KEY.check) ?? '',
    stagedCheck: get(KEY.stagedCheck) ?? '',
    shift: get(KEY.shift) === undefined ? null : Number(get(KEY.shift)),
  };
}

const setMeta = (conn: Duck, key: string, value: string | number) =>
  conn.run(sql`INSERT OR REPLACE INTO case_meta VALUES (${param(key)}, ${param(String(value))})`);

/** The last rows below `rows`, with their rowids: it changes if DuckDB ever renumbers rows the index covers. */
async function fingerprint(conn: Duck, rows: number): Promise<string> {
  const r = await conn.one<{ n: number; h: string | null }>(
    sql`SELECT count(*) AS n, CAST(bit_xor(hash(event_uid, rowid)) AS VARCHAR) AS h
     FROM (SELECT event_uid, rowid FROM events WHERE rowid < ${param(rows)} ORDER BY rowid DESC LIMIT ${param(CHECK_ROWS)})`,
  );
  return `${rows}:${r?.n ?? 0}:${r?.h ?? ''}`;
}

/** Rows of committed evidence end where the first row of an ingest still running (or abandoned) starts. */
const committedEnd = (conn: Duck) =>
  conn
    .scalar<number | bigint | null>(
      sql`SELECT coalesce(
         (SELECT min(rowid) FROM events WHERE evidence_id > (SELECT coalesce(max(evidence_id), 0) FROM evidence_files)),
         (SELECT max(rowid) + 1 FROM events), 0)`,
    )
    .then(Number);

/**
 * How many rows the index covers and its block size (as a shift), or 0 rows when there is none or it no longer
 * matches the rows (then it is dropped and rebuilt in the background). Searches call this; the check runs once per
 * change of the index.
 */
export async function textIndexRows(db: Duck): Promise<{ rows: number; shift: number }> {
  const ix = indexer(db);
  const m = await meta(db);
  const none = { rows: 0, shift: BLOCK_SHIFT };
  if (!m.rows || m.shift === null) return none;
  const found = { rows: m.rows, shift: m.shift };
  if (ix.valid === m.check) return found;
  if ((await fingerprint(db, m.rows)) === m.check) {
    ix.valid = m.check;
    return found;
  }
  ix.valid = null;
  await onLane(db.root, 'textindex', `reset:${++ix.gen}`, (side) => resetIndex(side)).catch(() => undefined);
  void scheduleTextIndex(db);
  return none;
}

async function resetIndex(conn: Duck): Promise<void> {
  await conn.transaction(async () => {
    await conn.run(sql`DELETE FROM text_index`);
    await conn.run(sql`DELETE FROM text_index_build`);
    await conn.run(sql`DELETE FROM case_meta WHERE key IN ${list(Object.values(KEY))}`);
  });
}

/** Stops a build between statements (an ingest is about to change `events`); scheduleTextIndex resumes it. */
export function pauseTextIndex(db: Duck): void {
  const ix = indexer(db);
  ix.gen++;
  ix.valid = null;
  if (ix.state === 'building') ix.state = 'paused';
  void onLane(db.root, 'textindex', `pause:${ix.gen}`, async () => undefined).catch(() => undefined);
}

/** Starts (or resumes) bringing the index up to the committed events, in the background. */
export function scheduleTextIndex(db: Duck): Promise<void> {
  const ix = indexer(db);
  const gen = ++ix.gen;
  ix.valid = null;
  return onLane(db.root, 'textindex', `build:${gen}`, (side) => build(side, ix, gen)).catch((err: Error) => {
    if (ix.gen !== gen || db.isClosed) return;
    ix.state = 'failed';
    ix.error = err.message;
  });
}

async function build(conn: Duck, ix: Indexer, gen: number): Promise<void> {
  // Both what is merged and what a build left staged must still be the rows they were read from.
  const m = await meta(conn);
  const stale = async (rows: number, check: string) => rows > 0 && (await fingerprint(conn, rows)) !== check;
  if ((await stale(m.rows, m.check)) || (m.staged > m.rows && (await stale(m.staged, m.stagedCheck))))
    await resetIndex(conn);
  const { staged: start, shift: kept } = await meta(conn);
  const shift = kept ?? newBlockShift();
  if (kept === null) await setMeta(conn, KEY.shift, shift);
  const end = await committedEnd(conn);
  Object.assign(ix, { state: 'building', error: null, done: start, total: Math.max(start, end) });
  const chunk = CHUNK_BLOCKS * 2 ** shift;
  for (let from = start; from < end; from += chunk) {
    if (ix.gen !== gen) return;
    const to = Math.min(end, from + chunk);
    await conn.transaction(async () => {
      await conn.run(
        sql`INSERT INTO text_index_build
         SELECT DISTINCT lower(w) AS term, CAST(rowid >> ${param(shift)} AS INTEGER) AS block
         FROM (SELECT rowid, unnest(regexp_extract_all(raw, ${param(INDEXED_WORD_PATTERN)})) AS w
               FROM events WHERE rowid >= ${param(from)} AND rowid < ${param(to)})`,
      );
      await setMeta(conn, KEY.staged, to);
      await setMeta(conn, KEY.stagedCheck, await fingerprint(conn, to));
    });
    ix.done = to;
  }
  if (ix.gen !== gen) return;
  if ((await meta(conn)).rows < end) {
    const check = await fingerprint(conn, end);
    await conn.transaction(async () => {
      await conn.run(
        sql`INSERT INTO text_index SELECT DISTINCT term, block FROM text_index_build ORDER BY term, block`,
      );
      await conn.run(sql`DELETE FROM text_index_build`);
      await setMeta(conn, KEY.rows, end);
      await setMeta(conn, KEY.staged, end);
      await setMeta(conn, KEY.check, check);
    });
  }
  Object.assign(ix, { state: 'ready', done: end, total: end });
}

/** What the workspace shows beside the search box. */
export async function textIndexStatus(db: Duck): Promise<TextIndexStatus> {
  const ix = indexer(db);
  if (ix.state === 'building') return { state: ix.state, done: ix.done, total: ix.total, error: null };
  const [m, total] = [await meta(db), await committedEnd(db)];
  const state = m.rows >= total ? 'ready' : ix.state === 'failed' ? 'failed' : 'waiting';
  return { state, done: Math.min(m.rows, total), total, error: ix.error };
}
