import { open, readFile, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CustodyStatus } from '../../../shared/model';
import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { compareWithAnchor, lostTail, readAnchor, writeAnchor } from './anchor';
import { chainLines, GENESIS, parseChain, type CustodyEntry, type CustodyItem } from './custody-chain';
import { DIGEST_TABLES, digestState, updateDigests, type DigestScope } from './digest';

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
 * An action on the case: the change it makes to case.duckdb (optional), the custody entries that record it (built
 * from the change's result) and the tables it changed, whose digests are kept up to date with it.
 */
export interface CustodyAction<T> {
  change?: () => Promise<T>;
  items: CustodyItem[] | ((result: T) => CustodyItem[] | Promise<CustodyItem[]>);
  /** The tables it changed; from the change's result when only the change knows (an ingest that re-keys old rows). */
  touches?: DigestScope | ((result: T) => DigestScope);
}

/** What opening found and did beyond checking: entries written again from the case after a crash lost them. */
export interface CustodyOpening {
  status: CustodyStatus;
  recovered: number;
}

/**
 * The append-only, hash-chained log of everything done to a case; one writer, through a queue. With the case's
 * database, each action commits its change and the log's new head (the anchor, see anchor.ts) in one transaction,
 * then appends its lines: a crash between the two leaves the database ahead, and the next open writes the lost
 * lines from it. Anything else that makes the log and its anchor disagree is a break, reported on every open.
 */
export class CustodyLog {
  private head: string = GENESIS;
  private seq = 0;
  private status: CustodyStatus = { ok: true, entries: 0, head: null, problem: null };
  /** A break found in this log, kept in the anchor so it is reported on every later open. */
  private problem: string | null = null;
  /** The last append failed after its action committed: the next action first writes its lines again. */
  private behind = false;
  /** The case's investigator (case_investigator), the actor of every entry; the OS user is kept beside it. */
  investigator: { name: string; organisation: string | null } | null = null;

  /** Who acts on the case: its investigator when one is set, else the OS user. */
  get actor(): string {
    return this.investigator?.name ?? currentUser();
  }

  private actorFields(): { by: string; os_user?: string } {
    return this.investigator ? { by: this.investigator.name, os_user: currentUser() } : { by: currentUser() };
  }

  /** db: the case's database, whose changes are made inside the queue, one action at a time. */
  constructor(
    readonly file: string,
    private readonly db: Duck | null = null,
  ) {}

  /** Runs fn after every append queued before it and before any queued after it. */
  protected queued<T>(fn: () => Promise<T>): Promise<T> {
    return serial(path.resolve(this.file), fn);
  }

  private async readRaw(): Promise<{ raw: Buffer; exists: boolean }> {
    try {
      return { raw: await readFile(this.file), exists: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return { raw: Buffer.alloc(0), exists: false };
    }
  }

  async readText(): Promise<string> {
    return (await this.readRaw()).raw.toString('utf8');
  }

  /**
   * Checks the chain and compares it with the anchor; writes again the lines of an action the database committed
   * but the log lost; anchors a log that has no anchor yet (a case made before anchors). Called once, on open.
   */
  open(opts: { databaseRolledBack?: boolean } = {}): Promise<CustodyOpening> {
    return this.queued(async () => {
      const recovered = await this.repair();
      const status = await this.check(opts.databaseRolledBack);
      if (this.db && !(await readAnchor(this.db))) await this.anchorAsIs();
      return { status, recovered };
    });
  }

  /** Reads and checks the whole chain against its anchor; the case stays usable, but a break is reported loudly. */
  verify(): Promise<CustodyStatus> {
    return this.queued(() => this.check());
  }

  /**
   * databaseRolledBack: the database lost its last committed changes (its write-ahead log was set aside), so the
   * log may hold entries past its anchor: they record actions the database no longer has, and are not a break.
   */
  private async check(databaseRolledBack = false): Promise<CustodyStatus> {
    const { raw, exists } = await this.readRaw();
    const chain = parseChain(raw.toString('utf8'));
    this.head = chain.head;
    this.seq = chain.entries;
    let found = chain.problem;
    if (this.db) {
      const anchor = await readAnchor(this.db);
      if (anchor) {
        const ahead = chain.entries > anchor.entries && chain.heads[anchor.entries - 1] === anchor.head;
        if (!(databaseRolledBack && ahead)) {
          found ??= compareWithAnchor(chain, exists, anchor);
          found ??= await this.stateProblem(raw, chain.entries);
        }
        this.problem ??= anchor.problem;
      }
    }
    this.problem ??= found;
    const problem = found ?? (this.problem ? `found broken earlier: ${this.problem}` : null);
    this.status = { ok: problem === null, entries: chain.entries, head: chain.entries ? chain.head : null, problem };
    return this.status;
  }

  /** The digests the last entry recorded against those stored now: a change to case_digests outside an action. */
  private async stateProblem(raw: Buffer, entries: number): Promise<string | null> {
    if (!entries || !this.db) return null;
    const lines = raw.toString('utf8').trimEnd().split('\n');
    let last: CustodyEntry;
    try {
      last = JSON.parse(lines[lines.length - 1]!) as CustodyEntry;
    } catch {
      return null; // reported by the chain check
    }
    if (last.state === undefined) return null;
    return last.state === (await digestState(this.db))
      ? null
      : `the case's table digests are not those of custody entry ${entries}: case.duckdb was changed outside Trailmark`;
  }

  /**
   * When the database committed an action whose lines the log lost (wholly or after a few bytes), truncates what
   * was written of them and writes them again, each marked `recovered`, in a transaction that moves the anchor.
   */
  private async repair(): Promise<number> {
    if (!this.db) return 0;
    const anchor = await readAnchor(this.db);
    if (!anchor) return 0;
    const { raw } = await this.readRaw();
    const chain = parseChain(raw.toString('utf8'));
    const from = lostTail(chain, raw, anchor);
    if (from === null) return 0;
    const items: CustodyItem[] = [];
    let at = new Date().toISOString();
    let { by, os_user } = this.actorFields();
    let state: string | undefined;
    for (const line of anchor.pending.split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as CustodyEntry;
      items.push({ action: e.action, detail: e.detail });
      ({ at, by, os_user } = e);
      state = e.state ?? state;
    }
    const lines = chainLines(
      items,
      { seq: anchor.prev_entries, head: anchor.prev_head },
      {
        at,
        by,
        os_user,
        state,
        recovered: true,
      },
    );
    // In this order, a crash at any point leaves a log the next open can still complete.
    if (from < raw.length) await truncate(this.file, from);
    await this.db.transaction(() =>
      writeAnchor(this.db!, {
        ...anchor,
        entries: anchor.prev_entries + items.length,
        head: lines.head,
        pending: lines.text,
      }),
    );
    await appendDurably(this.file, lines.text);
    this.seq = anchor.prev_entries + items.length;
    this.head = lines.head;
    this.behind = false;
    return items.length;
  }

  /** A log with no anchor (a new case, or one made before anchors): anchored as it stands, digests computed. */
  private async anchorAsIs(): Promise<void> {
    const { seq: entries, head } = this;
    await this.commit({
      items: entries ? [{ action: 'custody.anchored', detail: { entries, head } }] : [],
      touches: { tables: DIGEST_TABLES },
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
   * Runs an action's change and records it, after every action queued before it: the change, the digests of what
   * it touched and the anchor in one DuckDB transaction, then its lines appended and synced to disk.
   */
  record<T = undefined>(action: CustodyAction<T>): Promise<{ result: T; entries: CustodyEntry[] }> {
    return this.queued(async () => {
      if (this.behind) await this.repair();
      return this.commit(action);
    });
  }

  private async commit<T>(action: CustodyAction<T>): Promise<{ result: T; entries: CustodyEntry[] }> {
    const build = async (result: T) => (typeof action.items === 'function' ? action.items(result) : action.items);
    const from = { seq: this.seq, head: this.head };
    const extra = { at: new Date().toISOString(), ...this.actorFields() };
    let result: T;
    let lines: ReturnType<typeof chainLines>;
    const db = this.db;
    if (db) {
      let built: { result: T; lines: ReturnType<typeof chainLines> } | null = null;
      try {
        ({ result, lines } = await db.transaction(async () => {
          const r = (action.change ? await action.change() : undefined) as T;
          const items = await build(r);
          const touches = typeof action.touches === 'function' ? action.touches(r) : action.touches;
          if (touches) await updateDigests(db, touches);
          const l = chainLines(items, from, { ...extra, state: await digestState(db) });
          await writeAnchor(db, {
            entries: from.seq + items.length,
            head: l.head,
            prev_entries: from.seq,
            prev_head: from.head,
            pending: l.text,
            problem: this.problem,
          });
          built = { result: r, lines: l };
          return built;
        }));
      } catch (err) {
        // A commit can fail after committing (the checkpoint that follows it ran out of disk): the anchor tells.
        // Then the action is in the case and its lines are written, as for any committed action.
        if (!built || !(await this.committed(built))) throw err;
        ({ result, lines } = built);
      }
    } else {
      result = (action.change ? await action.change() : undefined) as T;
      lines = chainLines(await build(result), from, extra);
    }
    if (lines.entries.length) {
      try {
        await appendDurably(this.file, lines.text);
      } catch (err) {
        if (!db) throw err;
        this.behind = true;
        throw new CustodyWriteError(err as Error);
      }
    }
    this.seq += lines.entries.length;
    this.head = lines.head;
    this.status = { ...this.status, entries: this.seq, head: this.seq ? this.head : null };
    return { result, entries: lines.entries };
  }

  /** Whether the database holds the anchor an action wrote (an action with no entries cannot be told apart). */
  private async committed(built: { lines: ReturnType<typeof chainLines> }): Promise<boolean> {
    if (!this.db || built.lines.entries.length === 0) return false;
    const anchor = await readAnchor(this.db).catch(() => null);
    return anchor?.head === built.lines.head && anchor.pending === built.lines.text;
  }

  async exists(): Promise<boolean> {
    return stat(this.file).then(
      () => true,
      () => false,
    );
  }
}
