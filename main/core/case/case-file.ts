import { insertInvestigator, loadInvestigator, setInvestigator, type Investigator } from './investigator';
import { mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import { PAGE_LIMIT_MAX } from '../../../shared/methods/define';
import { Duck } from '../db/duck';
import { CustodyLog } from './custody';
import { DROP_ORPHAN_EVENTS_SQL } from './orphans';
import { migrate } from './migrate';
import { openSettingAsideUnreplayableWal, type WalSetAside } from './wal-recovery';

export const CASE_SUFFIX = '.trailmark';

const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B)$/i;
const bytes = (size: string) => {
  const [, n, unit] = SIZE.exec(size) ?? [];
  const scale = 'KMGT'.indexOf(unit![0]!.toUpperCase()) + 1;
  return Number(n) * (unit!.includes('i') ? 1024 : 1000) ** scale;
};
const validSize = (v: string | undefined) => (v && SIZE.test(v.trim()) ? v.trim() : undefined);

function caseMemoryLimit(): string {
  const gib = os.totalmem() / 2 ** 30;
  return validSize(process.env.TRAILMARK_MEMORY_LIMIT) ?? `${Math.max(1, Math.min(8, Math.floor(gib / 4)))}GB`;
}

/**
 * An ingest runs under a lower memory_limit than queries: DuckDB then spills to the case's tmp/ folder and
 * evicts the blocks it just wrote instead of caching them, which keeps peak RSS flat however many events come in.
 * Files read as they are get 768 MB, so a thread's row group of raw records (about 180 MB of JSON text) does not
 * spill. The parts of split files get less, as the split workers' memory is beside DuckDB's (README, "Why these
 * sizes").
 */
export type IngestMemory = 'files' | 'split parts';
function ingestMemoryLimit(kind: IngestMemory): string {
  const want = validSize(process.env.TRAILMARK_INGEST_MEMORY_LIMIT) ?? (kind === 'files' ? '768MB' : '400MB');
  const caseLimit = caseMemoryLimit();
  return bytes(want) < bytes(caseLimit) ? want : caseLimit;
}

/**
 * Where DuckDB may spill, and how much memory it may take: out-of-core work stays inside the case folder.
 * New case files are written in DuckDB 1.2's storage format, the first with zstd for strings (events.raw);
 * an older case file keeps its own format.
 */
function duckOptions(dir: string): Record<string, string> {
  return {
    storage_compatibility_version: 'v1.2.0',
    memory_limit: caseMemoryLimit(),
    temp_directory: path.join(dir, 'tmp'),
    threads: process.env.TRAILMARK_THREADS ?? String(Math.max(1, os.availableParallelism())),
    preserve_insertion_order: 'false',
    // A page sorted by a column reads only the sort keys of every event, then the page's rows whole (DuckDB's
    // late materialization, off above 50 rows by default): 10M events sorted by source IP, 200 rows, 1.0 s
    // against 2.8 s.
    late_materialization_max_rows: String(PAGE_LIMIT_MAX),
  };
}

/**
 * Query progress through the C API (conn.progress) stays at -1 unless the progress bar is on. It is never
 * printed, and is tracked from a statement's start so the ingest can report it while one batch runs. These are
 * the connection's settings, not the database's, so they are set after opening.
 */
const PROGRESS_SETTINGS = `SET enable_progress_bar = true; SET enable_progress_bar_print = false;
SET progress_bar_time = 0;`;

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** An open NAME.trailmark/ folder: the DuckDB database and the custody log. */
export class CaseFile {
  private constructor(
    readonly dir: string,
    readonly db: Duck,
    readonly custody: CustodyLog,
  ) {}

  get name(): string {
    return path.basename(this.dir, CASE_SUFFIX);
  }

  get stagingDir(): string {
    return path.join(this.dir, 'staging');
  }

  static resolvePath(input: string): string {
    const abs = path.resolve(input);
    return abs.endsWith(CASE_SUFFIX) ? abs : abs + CASE_SUFFIX;
  }

  static async open(input: string, opts: { create: boolean; investigator?: Investigator | null }): Promise<CaseFile> {
    const dir = CaseFile.resolvePath(input);
    const dbFile = path.join(dir, 'case.duckdb');
    await Duck.fileClosed(dbFile); // a close of this case by this process a moment ago may still own its WAL
    const exists = await stat(dbFile).then(
      () => true,
      () => false,
    );
    if (!exists && !opts.create) {
      throw new TrailmarkError('not_found', `${dir} is not a Trailmark case (no case.duckdb in it)`, { path: dir });
    }
    if (!exists && (await isDir(dir)) === false) await mkdir(dir, { recursive: true });
    await mkdir(path.join(dir, 'tmp'), { recursive: true });

    let db: Duck;
    let setAside: WalSetAside | null;
    try {
      ({ db, setAside } = await openSettingAsideUnreplayableWal(dbFile, () => Duck.open(dbFile, duckOptions(dir))));
      await db.run(PROGRESS_SETTINGS);
    } catch (err) {
      const msg = (err as Error).message;
      const hint = /lock/i.test(msg) ? ' (is the case open in another Trailmark window or command?)' : '';
      throw new TrailmarkError('conflict', `cannot open ${dbFile}: ${msg}${hint}`, { path: dbFile });
    }
    // A case that cannot be opened (one written by a newer Trailmark, a failed migration) is closed again, so that
    // its lock does not outlive the error in this process.
    try {
      const custody = new CustodyLog(path.join(dir, 'custody.jsonl'), db);
      const applied = await migrate(db);
      // Events an interrupted ingest left behind belong to no committed evidence: the case is as before that ingest.
      await db.run(DROP_ORPHAN_EVENTS_SQL);
      // So are the staging folders of an ingest that was killed: the case is open here alone (DuckDB's lock).
      await rm(path.join(dir, 'staging'), { recursive: true, force: true });
      const c = new CaseFile(dir, db, custody);
      custody.investigator = await loadInvestigator(db);
      // Checks the log against its anchor in the database, and writes again what a crash made it lose.
      const opening = await custody.open({ databaseRolledBack: setAside !== null });
      if (setAside) await custody.append('case.wal_set_aside', { ...setAside });
      if (!exists) {
        // A case created with its investigator is created by them: the first entry already names them.
        const who = opts.investigator ?? null;
        custody.investigator = who;
        await custody.record({
          change: async () => {
            await db.run("INSERT INTO case_meta VALUES ('created_at', ?), ('name', ?)", [
              new Date().toISOString(),
              c.name,
            ]);
            if (who) await insertInvestigator(db, who);
          },
          items: [
            {
              action: 'case.created',
              detail: { path: dir, schema: applied, ...(who ? { investigator: who } : {}) },
            },
          ],
        });
      } else if (applied.length) {
        await custody.append('case.migrated', { applied });
      }
      const { ok, problem } = opening.status;
      await custody.append('case.opened', {
        custody_ok: ok,
        ...(problem ? { custody_problem: problem } : {}),
        ...(opening.recovered ? { recovered_entries: opening.recovered } : {}),
      });
      return c;
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** Names the investigator, who is then the actor of every custody entry, flag and decision. */
  async setInvestigator(who: Investigator): Promise<void> {
    await setInvestigator(this.db, this.custody, who);
  }

  async meta(key: string): Promise<string | null> {
    return (await this.db.scalar<string | null>('SELECT value FROM case_meta WHERE key = ?', [key])) ?? null;
  }

  /** Runs fn (an ingest) under the ingest memory limit, then gives queries the case's own limit back. */
  async withIngestMemory<T>(fn: () => Promise<T>): Promise<T> {
    await this.useIngestMemory('files');
    try {
      return await fn();
    } finally {
      await this.db.run(`SET memory_limit = '${caseMemoryLimit()}'`).catch(() => undefined);
    }
  }

  /** Within withIngestMemory: the limit for what is read next. */
  async useIngestMemory(kind: IngestMemory): Promise<void> {
    await this.db.run(`SET memory_limit = '${ingestMemoryLimit(kind)}'`);
  }

  /** Resolves when the database is closed and its files no longer written. */
  close(): Promise<void> {
    return this.db.close();
  }
}
