import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { list, lit, param, sql, type Sql } from '../db/sql';
import { TARGET_RULES } from './sources/registry';
import type { TargetsRule } from './sources/types';

/** Set by migration 0019 in a case that held failed calls before `events.error_message` existed. */
export const ERROR_MESSAGE_FILL_KEY = 'error_message.fill';

/** The formats' rules that say where their records keep a failed call's message. */
export const ERROR_MESSAGE_RULES: readonly TargetsRule[] = TARGET_RULES.filter((r) => r.errorMessage);

/**
 * The message `rule` reads from each of `records` (key, source, rec: a stored raw record as JSON) of its format,
 * as (key, message); missing and empty messages left out.
 */
export function ruleMessages(rule: TargetsRule, records: Sql): Sql {
  return sql`SELECT key, message FROM (
      SELECT key, CAST(${lit(rule.errorMessage!)} AS VARCHAR) AS message FROM (
        SELECT key, rec, ${lit(rule.unwrap ?? 'rec')} AS j FROM (${records}) WHERE source IN ${list([...rule.sources])})
      WHERE ${lit(rule.when)})
    WHERE message <> ''`;
}

/** Whether the case still has failed calls stored before they got their messages. */
export async function errorMessagesFillPending(db: Duck): Promise<boolean> {
  return Number(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`)) > 0;
}

/**
 * Gives the failed calls of a case loaded before `error_message` existed their messages, from the stored records, by
 * the rules each format declares, as a fresh ingest of the same files would; run by the upgrade job when a case
 * marked by migration 0019 opens. Only failed calls are read (a few percent of a case), rule by rule, each rule one
 * transaction that only fills calls still without a message, so the first rule that finds one wins and a cancel or
 * crash loses at most the rule in flight. DuckDB updates a VARCHAR in place: row ids, and the sort ranks over them,
 * stay. The mark goes once every rule is done. Returns how many events got a message in this run.
 */
export async function fillErrorMessages(
  db: Duck,
  opts: { signal?: AbortSignal; progress?: (done: number, total: number) => void } = {},
): Promise<number> {
  if (!(await errorMessagesFillPending(db))) return 0;
  const stop = () => {
    if (opts.signal?.aborted) throw new TrailmarkError('cancelled', 'filling error messages was cancelled');
  };
  const interrupt = () => db.interrupt();
  opts.signal?.addEventListener('abort', interrupt);
  try {
    let filled = 0;
    for (const [i, rule] of ERROR_MESSAGE_RULES.entries()) {
      stop();
      opts.progress?.(i, ERROR_MESSAGE_RULES.length);
      const failed = sql`SELECT rowid AS key, source, CAST(raw AS JSON) AS rec FROM events
        WHERE outcome = 'failure' AND error_message IS NULL AND source IN ${list([...rule.sources])}
          AND json_valid(raw)`;
      // DuckDB answers an UPDATE with the number of rows it changed.
      filled += Number(
        await db.transaction(() =>
          db.scalar(
            sql`UPDATE events SET error_message = m.message FROM (${ruleMessages(rule, failed)}) m
                WHERE events.rowid = m.key AND events.error_message IS NULL`,
          ),
        ),
      );
    }
    stop();
    await db.run(sql`DELETE FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`);
    opts.progress?.(ERROR_MESSAGE_RULES.length, ERROR_MESSAGE_RULES.length);
    return filled;
  } finally {
    opts.signal?.removeEventListener('abort', interrupt);
  }
}
