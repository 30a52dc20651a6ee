import { open, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CustodyStatus } from '../../../shared/model';
import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { chainLines, GENESIS, parseChain, type CustodyEntry, type CustodyItem } from './custody-chain';

export type { CustodyEntry, CustodyItem } from './custody-chain';

export function currentUser(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `unknown@${os.hostname()}`;
  }
}

/**
 * One queue per custody file in this process: every append (from any shell, any handler) waits for the one
 * before it, so no two read the same head. A case is open in one process at a time (DuckDB's file lock).
 */
const queues = new Map<string, Promise<unknown>>();
function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => queues.get(key) === settled && queues.delete(key));
  return run;
}

/** Appends text and makes it durable (the file, and the folder entry when the file is new) before returning. */
export async function appendDurably(file: string, text: string): Promise<void> {
  const isNew = !(await stat(file).catch(() => null));
  const fh = await open(file, 'a');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (isNew) {
    const dir = await open(path.dirname(file), 'r').catch(() => null);
    await dir?.sync().catch(() => undefined); // not every platform syncs a folder; the file itself is synced
    await dir?.close();
  }
}

/** The action was committed to case.duckdb but its entries could not be written to custody.jsonl. */
export class CustodyWriteError extends TrailmarkError {
  constructor(cause: Error) {
    super(
      'internal',
      `the action was saved in the case but custody.jsonl could not be written (${cause.message}); ` +
        'its entries are kept in the case and written when the log can be written again',
    );
  }
}

/**
 * An action on the case: the change it makes to case.duckdb (optional) and the custody entries that record it,
 * built from the change's result.
 */
export interface CustodyAction<T> {
  change?: () => Promise<T>;
  items: CustodyItem[] | ((result: T) => CustodyItem[] | Promise<CustodyItem[]>);
}

/** The append-only, hash-chained log of everything done to a case; one writer, through a queue. */
export class CustodyLog {
  private head: string = GENESIS;
  private seq = 0;
  private status: CustodyStatus = { ok: true, entries: 0, head: null, problem: null };

  /** db: the case's database, whose changes are made inside the queue, one action at a time. */
  constructor(
    readonly file: string,
    private readonly db: Duck | null = null,
  ) {}

  /** Runs fn after every append queued before it and before any queued after it. */
  protected queued<T>(fn: () => Promise<T>): Promise<T> {
    return serial(path.resolve(this.file), fn);
  }

  async readText(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return '';
    }
  }

  /** Reads and checks the whole chain; the case stays usable, but a break is reported loudly. */
  verify(): Promise<CustodyStatus> {
    return this.queued(async () => {
      const chain = parseChain(await this.readText());
      this.head = chain.head;
      this.seq = chain.entries;
      this.status = {
        ok: chain.problem === null,
        entries: chain.entries,
        head: chain.entries ? chain.head : null,
        problem: chain.problem,
      };
      return this.status;
    });
  }

  get lastStatus(): CustodyStatus {
    return this.status;
  }

  async append(action: string, detail: Record<string, unknown> = {}): Promise<CustodyEntry> {
    const [entry] = await this.appendAll([{ action, detail }]);
    return entry!;
  }

  /** Appends several entries with one write (an ingest of thousands of files logs each one). */
  async appendAll(items: CustodyItem[]): Promise<CustodyEntry[]> {
    return (await this.record({ items })).entries;
  }

  /**
   * Runs an action's change and records it, after every action queued before it: the change in one DuckDB
   * transaction, then its entries appended and synced to disk.
   */
  record<T = undefined>(action: CustodyAction<T>): Promise<{ result: T; entries: CustodyEntry[] }> {
    return this.queued(async () => {
      const build = async (result: T) => (typeof action.items === 'function' ? action.items(result) : action.items);
      let result: T;
      let items: CustodyItem[];
      if (action.change && this.db) {
        ({ result, items } = await this.db.transaction(async () => {
          const r = await action.change!();
          return { result: r, items: await build(r) };
        }));
      } else {
        result = (action.change ? await action.change() : undefined) as T;
        items = await build(result);
      }
      const lines = chainLines(
        items,
        { seq: this.seq, head: this.head },
        { at: new Date().toISOString(), by: currentUser() },
      );
      try {
        await appendDurably(this.file, lines.text);
      } catch (err) {
        throw action.change ? new CustodyWriteError(err as Error) : err;
      }
      this.seq += items.length;
      this.head = lines.head;
      this.status = { ...this.status, entries: this.seq, head: this.head };
      return { result, entries: lines.entries };
    });
  }

  async exists(): Promise<boolean> {
    return stat(this.file).then(
      () => true,
      () => false,
    );
  }
}
