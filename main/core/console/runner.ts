import { rename, rm } from 'node:fs/promises';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { sha256 } from '../case/custody-chain';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { loadCustodyTable } from './custody-table';
import { checkStatement } from './statement-check';

export interface ConsoleQuery {
  sql: string;
  offset?: number;
  /** Rows per page; the row cap of one run. */
  limit?: number;
  /** Seconds before the query is interrupted. */
  timeout_s?: number;
}

export interface ConsoleResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  offset: number;
  /** More rows follow this page. */
  more: boolean;
  /** SHA-256 of the page's columns and rows as JSON, as written to custody. */
  sha256: string;
  elapsed_ms: number;
}

export const MAX_PAGE_ROWS = 10_000;
export const DEFAULT_TIMEOUT_S = 30;

/**
 * The query console of one open case: user SQL, read-only, over the documented views (docs/query-views.md).
 *
 * Why a connection of the case's own DuckDB instance, not a second read-only instance: `enable_external_access`
 * and `lock_configuration` are global to an instance (DuckDB refuses them as session settings), and the case's
 * instance needs file access for every ingest. A second instance on the same file does open in this process (the
 * file lock is per process), but it reads a snapshot of the file that the first instance's checkpoints rewrite
 * under it: results could silently be wrong, which a forensic tool must not risk. So the guarantees are made per
 * statement, on a connection of its own, from DuckDB's own parse (statement-check.ts): only a SELECT (WITH,
 * DESCRIBE, SUMMARIZE, EXPLAIN) can run; it may read only the `q` views, its CTEs and table functions that touch
 * nothing; SET, PRAGMA, ATTACH, COPY, INSTALL, LOAD, writes and file readers never parse as a SELECT or are
 * refused by name. The connection's search path is `q`, so `events` means q.events, never the table under it.
 *
 * Every run, refused or not, is written to custody with its text and the SHA-256 of the rows it returned.
 */
export class QueryConsole {
  private conn: Duck | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private running: { cancelled: boolean } | null = null;

  constructor(private readonly c: CaseFile) {}

  private async connection(): Promise<Duck> {
    if (!this.conn || this.conn.isClosed) {
      const conn = await this.c.db.sibling();
      await conn.run(sql`SET search_path = 'q'`);
      this.conn = conn;
    }
    return this.conn;
  }

  /** Runs one query after the ones before it on this console; maxRows raises the page cap (an export). */
  run(q: ConsoleQuery, maxRows = MAX_PAGE_ROWS): Promise<ConsoleResult> {
    const next = this.queue.then(
      () => this.runNow(q, maxRows),
      () => this.runNow(q, maxRows),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the query running now, if any. */
  cancel(): boolean {
    if (!this.running || !this.conn) return false;
    this.running.cancelled = true;
    this.conn.interrupt();
    return true;
  }

  private async runNow(q: ConsoleQuery, maxRows: number): Promise<ConsoleResult> {
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(maxRows, Math.max(1, Math.floor(q.limit ?? 500)));
    const started = Date.now();
    const base = { sql: q.sql, offset, limit };
    const { conn, statement } = await this.prepare(q.sql, base);
    // One row past the page says whether more follow; DuckDB stops reading once it has them.
    const read = await this.interruptible(conn, q.timeout_s, base, () =>
      conn.readUntil(statement.text, offset + limit + 1),
    );
    const rows = read.rows.slice(offset, offset + limit);
    const hash = sha256(JSON.stringify({ columns: read.columns, rows }));
    const result: ConsoleResult = {
      columns: read.columns,
      rows,
      offset,
      more: read.rows.length > offset + limit,
      sha256: hash,
      elapsed_ms: Date.now() - started,
    };
    await this.record({ ...base, outcome: 'ok', rows: rows.length, more: result.more, result_sha256: hash });
    return result;
  }

  /**
   * Writes a checked statement's whole result to a new Parquet file with DuckDB's COPY, on this console's
   * connection (the user's SQL never holds the COPY: only a statement the check let through goes inside it).
   * The file is written beside the target and renamed into place, so a failed or stopped export leaves nothing.
   */
  copyToParquet(text: string, file: string, timeoutS?: number): Promise<{ rows: number }> {
    const next = this.queue.then(
      () => this.copyNow(text, file, timeoutS),
      () => this.copyNow(text, file, timeoutS),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async copyNow(text: string, file: string, timeoutS?: number): Promise<{ rows: number }> {
    const base = { sql: text, export: 'parquet' };
    const { conn, statement } = await this.prepare(text, base);
    if (statement.explain) {
      const error = new TrailmarkError('bad_input', 'an EXPLAIN has no rows to export: export the query itself');
      await this.record({ ...base, outcome: 'refused', error: error.message });
      throw error;
    }
    const partial = `${file}.partial`;
    try {
      const read = await this.interruptible(conn, timeoutS, base, () =>
        conn.readUntil(
          sql`COPY (\n${lit(statement.text)}\n) TO ${param(partial)} (FORMAT parquet, COMPRESSION zstd)`,
          1,
        ),
      );
      await rename(partial, file);
      const rows = Number(read.rows[0]?.[0] ?? 0);
      await this.record({ ...base, outcome: 'ok', rows });
      return { rows };
    } finally {
      await rm(partial, { force: true });
    }
  }

  /** The console's connection and the statement checked; a refusal is recorded in custody before it is thrown. */
  private async prepare(text: string, base: Record<string, unknown>) {
    try {
      const conn = await this.connection();
      const statement = await checkStatement(conn, text);
      if (statement.views.has('custody')) await loadCustodyTable(conn, await this.c.custody.readText());
      return { conn, statement };
    } catch (err) {
      await this.record({ ...base, outcome: 'refused', error: (err as Error).message });
      throw err;
    }
  }

  /** Runs fn under the time limit and cancel; a failure is recorded in custody and thrown as a TrailmarkError. */
  private async interruptible<T>(
    conn: Duck,
    timeoutS: number | undefined,
    base: Record<string, unknown>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const timeout = Math.max(1, timeoutS ?? DEFAULT_TIMEOUT_S);
    const state = { cancelled: false };
    this.running = state;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, timeout * 1000);
    try {
      return await fn();
    } catch (err) {
      const interrupted = /interrupt/i.test((err as Error).message);
      const error =
        interrupted && timedOut
          ? new TrailmarkError('cancelled', `the query ran past its time limit (${timeout} s) and was stopped`)
          : interrupted && state.cancelled
            ? new TrailmarkError('cancelled', 'the query was cancelled')
            : new TrailmarkError('bad_input', `the query failed: ${(err as Error).message}`);
      await this.record({ ...base, outcome: interrupted ? 'cancelled' : 'failed', error: error.message });
      throw error;
    } finally {
      clearTimeout(timer);
      this.running = null;
    }
  }

  private async record(detail: Record<string, unknown>): Promise<void> {
    await this.c.custody.append('query.run', detail);
  }
}

const consoles = new WeakMap<CaseFile, QueryConsole>();

/** The console of an open case (one per case, so a cancel reaches the query it means). */
export function queryConsole(c: CaseFile): QueryConsole {
  let qc = consoles.get(c);
  if (!qc) consoles.set(c, (qc = new QueryConsole(c)));
  return qc;
}
