import { rename } from 'node:fs/promises';
import { sha256File } from './hashing';

/** What was set aside so that a case could open, for the custody log. */
export interface WalSetAside {
  wal: string;
  kept_as: string;
  sha256: string;
  bytes: number;
  error: string;
}

/**
 * DuckDB cannot replay a write-ahead log that holds an ALTER TABLE on a table with a nextval() default (duckdb
 * issues 18259, 20543, 22044): the database file is intact at its last checkpoint, but it will not open. Such a
 * log is renamed beside the case, never deleted, so the case opens as of its last checkpoint and the log stays for
 * anyone who wants to look at it; the caller records this in custody. Migrations checkpoint at once so that
 * Trailmark's own schema changes never leave such a log behind (migrate.ts).
 */
export async function openSettingAsideUnreplayableWal<T>(
  dbFile: string,
  open: () => Promise<T>,
): Promise<{ db: T; setAside: WalSetAside | null }> {
  try {
    return { db: await open(), setAside: null };
  } catch (err) {
    const error = (err as Error).message;
    if (!/Failure while replaying WAL/i.test(error)) throw err;
    const wal = `${dbFile}.wal`;
    const keptAs = `${wal}.unreplayable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const { sha256, size } = await sha256File(wal);
    await rename(wal, keptAs);
    return { db: await open(), setAside: { wal, kept_as: keptAs, sha256, bytes: size, error: error.split('\n')[0]! } };
  }
}
