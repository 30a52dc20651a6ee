import { createHash } from 'node:crypto';
import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { lit, list, param, sql, type Sql } from '../db/sql';
import { TARGET_RULES } from './sources/registry';
import type { TargetsRule } from './sources/types';

/** Set by migration 0015 in a case that held events before `events.targets` existed; removed once they have it. */
export const TARGETS_FILL_KEY = 'targets.fill';

/**
 * Events of one rule per statement, each its own transaction. Each commit re-writes its rows (DuckDB updates a list
 * column as a delete and an insert) and may checkpoint, so smaller chunks cost more in all: 485,680 events filled in
 * 198 s in chunks of 100,000 against 165 s in one statement, run side by side (25,000: 487 s, alone). A chunk took
 * up to 60 s on a 2-core machine under load ~8; a cancel interrupts the statement in flight anyway (0.9 s).
 * Tests make it small to get many chunks from a small case.
 */
export const fillTuning = { chunkRows: 100_000 };

/**
 * Where a fill stopped, kept as the mark's value: rules before `rule` are done over every event, `rule` over the
 * events of evidence files up to `after` (an evidence_id; 0 none yet). `rules` fingerprints the rule list: a newer
 * Trailmark with other rules starts again from the first.
 */
interface FillCursor {
  rules: string;
  rule: number;
  after: number;
}

export interface FillProgress {
  /** 1-based rule being applied, of `rules`; `sources` are the sources of its events. */
  rule: number;
  rules: number;
  sources: readonly string[];
  /**
   * Chunks done and planned (a chunk: about chunkRows events of one rule; a rule finding fewer events than planned,
   * as earlier rules filled them, skips ahead). Never goes back.
   */
  done: number;
  total: number;
}

export interface FillOptions {
  /** Aborting interrupts the statement running and stops before the next; what committed stays. */
  signal?: AbortSignal;
  progress?: (p: FillProgress) => void;
  chunkRows?: number;
  /** Runs the last transaction (mark removed, summaries dropped); a caller passes the summaries' lane. */
  finish?: (last: (db: Duck) => Promise<void>) => Promise<void>;
  rules?: readonly TargetsRule[];
}

const START = 0;

const fingerprint = (rules: readonly TargetsRule[]) =>
  createHash('sha256')
    .update(JSON.stringify(rules.map((r) => [r.sources, r.when, r.unwrap ?? null, r.sql])))
    .digest('hex')
    .slice(0, 16);

/** Whether the case still has events waiting for their targets. */
export async function targetsFillPending(db: Duck): Promise<boolean> {
  return Number(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)) > 0;
}

function readCursor(value: string | null, rules: string): FillCursor {
  try {
    const c = JSON.parse(value ?? '') as Partial<FillCursor>;
    if (c.rules === rules && Number.isInteger(c.rule) && Number.isInteger(c.after))
      return { rules, rule: c.rule!, after: c.after! };
  } catch {
    // 'pending' as 0015 wrote it, or a cursor of other rules: from the start
  }
  return { rules, rule: 0, after: START };
}

/**
 * The events of `rule` still without targets from evidence files (lo, hi]. By evidence file, not by time: a file's
 * events were inserted together, so DuckDB reads only their row groups (the events of a time range lie all over
 * the table: a day of a 485,680-event case read in 1.9 s against 0.45 s for as many rows stored together).
 */
function chunkWhere(alias: Sql, rule: TargetsRule, lo: number, hi: number): Sql {
  return sql`${alias}.targets IS NULL AND ${alias}.source IN ${list([...rule.sources])}
    AND ${alias}.evidence_id > ${param(lo)} AND ${alias}.evidence_id <= ${param(hi)}`;
}

/**
 * One statement of a rule over one chunk of its events, as a fresh ingest gives them: never over an event a rule
 * before already filled (`targets IS NULL`), so the first rule that names targets wins, whatever the chunking or
 * the stops between. The range repeats on the outer side so that DuckDB skips the row groups outside it there too.
 */
function fillChunk(rule: TargetsRule, lo: number, hi: number): Sql {
  return sql`UPDATE events SET targets = t.targets FROM (
      SELECT event_uid, ${lit(rule.sql)} AS targets FROM (
        SELECT event_uid, ${lit(rule.unwrap ?? 'rec')} AS j FROM (
          SELECT event_uid, CAST(raw AS JSON) AS rec FROM events e
          WHERE ${chunkWhere(lit('e'), rule, lo, hi)} AND json_valid(raw))
        WHERE ${lit(rule.when)})
    ) t
    WHERE events.event_uid = t.event_uid AND t.targets IS NOT NULL AND ${chunkWhere(lit('events'), rule, lo, hi)}`;
}

/** Evidence files grouped into chunks of about `rows` events (a larger file is a chunk of its own): their last ids. */
function chunkEnds(files: { evidence_id: number; n: number }[], rows: number): number[] {
  const ends: number[] = [];
  let size = 0;
  for (const [i, f] of files.entries()) {
    size += Number(f.n);
    if (size >= rows || i === files.length - 1) {
      ends.push(Number(f.evidence_id));
      size = 0;
    }
  }
  return ends;
}

/**
 * Gives the events of a case loaded before `targets` existed their targets, from the stored records, in SQL, by the
 * rules each format declares (LogFormatDef.targets), so they read as a fresh ingest of the same files would. Run by
 * the upgrade job when a case marked by migration 0015 opens (the schema floor cannot know the formats).
 *
 * Rule by rule, and each rule's events in chunks of about `chunkRows` by evidence file, each a transaction of its own
 * that also moves the cursor kept in the mark. A cancel or a crash loses at most the chunk in flight; the next run
 * resumes at the cursor, and the result is the same as one uninterrupted run (a chunk only fills events still
 * without targets, and every rule is done over all events before the next starts). The mark goes, with the
 * per-identity value summaries (they rebuild with targets), only once every rule is done.
 * Returns how many events got targets in this run.
 */
export async function fillTargets(db: Duck, opts: FillOptions = {}): Promise<number> {
  if (!(await targetsFillPending(db))) return 0;
  const rules = opts.rules ?? TARGET_RULES;
  const chunkRows = opts.chunkRows ?? fillTuning.chunkRows;
  const fp = fingerprint(rules);
  const cursor = readCursor(
    await db.scalar<string | null>(sql`SELECT value FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`),
    fp,
  );
  const stop = () => {
    if (opts.signal?.aborted) throw new TrailmarkError('cancelled', 'filling request targets was cancelled');
  };
  const interrupt = () => db.interrupt();
  opts.signal?.addEventListener('abort', interrupt);
  try {
    const unfilled = async () => Number(await db.scalar(sql`SELECT count(*) FROM events WHERE targets IS NULL`));
    const before = await unfilled();
    // The plan: each rule's share is the events of its sources still without targets (a later rule may find fewer).
    const bySource = new Map(
      (
        await db.all<{ source: string; n: number }>(
          sql`SELECT source, count(*) AS n FROM events WHERE targets IS NULL GROUP BY source`,
        )
      ).map((r) => [r.source, Number(r.n)]),
    );
    const planned = rules.map((r, i) =>
      i < cursor.rule ? 0 : r.sources.reduce((s, src) => s + (bySource.get(src) ?? 0), 0),
    );
    // A resumed rule plans only what is left of it.
    if (cursor.after !== START && planned[cursor.rule] !== undefined)
      planned[cursor.rule] = Number(
        await db.scalar(
          sql`SELECT count(*) FROM events WHERE targets IS NULL AND source IN ${list([...rules[cursor.rule]!.sources])}
              AND evidence_id > ${param(cursor.after)}`,
        ),
      );
    const steps = planned.map((n) => Math.ceil(n / chunkRows));
    const total = steps.reduce((a, b) => a + b, 0);
    let done = 0;
    const report = (i: number, value: number) => {
      done = Math.max(done, Math.min(total, Math.floor(value)));
      opts.progress?.({ rule: i + 1, rules: rules.length, sources: rules[i]!.sources, done, total });
    };

    for (let i = cursor.rule; i < rules.length; i++) {
      stop();
      const rule = rules[i]!;
      const start = steps.slice(0, i).reduce((a, b) => a + b, 0);
      report(i, start);
      let after = i === cursor.rule ? cursor.after : START;
      const save = (next: number) =>
        db.run(
          sql`UPDATE case_meta SET value = ${param(JSON.stringify({ rules: fp, rule: i, after: next }))}
              WHERE key = ${param(TARGETS_FILL_KEY)}`,
        );
      if (planned[i]! > 0) {
        const files = await db.all<{ evidence_id: number; n: number }>(
          sql`SELECT evidence_id, count(*) AS n FROM events
              WHERE targets IS NULL AND source IN ${list([...rule.sources])} AND evidence_id > ${param(after)}
              GROUP BY evidence_id ORDER BY evidence_id`,
        );
        const ends = chunkEnds(files, chunkRows);
        for (const [k, hi] of ends.entries()) {
          stop();
          await db.transaction(async () => {
            await db.run(fillChunk(rule, after, hi));
            await save(hi);
          });
          after = hi;
          report(i, start + (steps[i]! * (k + 1)) / ends.length);
        }
      }
      report(i, start + steps[i]!);
      // The next rule starts from the beginning; a stop here resumes there, not at this rule again.
      if (i + 1 < rules.length)
        await db.run(
          sql`UPDATE case_meta SET value = ${param(JSON.stringify({ rules: fp, rule: i + 1, after: START }))}
              WHERE key = ${param(TARGETS_FILL_KEY)}`,
        );
    }
    stop();
    const filled = before - (await unfilled());
    const last = async (on: Duck) =>
      on.transaction(async () => {
        await on.run(sql`DELETE FROM summary_actor_values`);
        await on.run(sql`DELETE FROM summary_actor_state`);
        await on.run(sql`DELETE FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`);
      });
    await (opts.finish ? opts.finish(last) : last(db));
    return filled;
  } finally {
    opts.signal?.removeEventListener('abort', interrupt);
  }
}
