import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CaseFile } from '../case/case-file';
import type { Session } from '../session';
import { VERSION } from '../version';

/**
 * A case is held by one process at a time (DuckDB's lock). A Trailmark that serves its API on loopback (the host,
 * `trailmark serve`) says so in the case folder, so that a CLI command on the same case sends its calls there
 * instead of failing on the lock. The file holds the API token: it is written readable by its owner only, and a
 * reader refuses one that others could read or another user owns.
 */
export const RUNNING_FILE = 'running.json';

export interface RunningHolder {
  pid: number;
  port: number;
  token: string;
  version: string;
}

const isHolder = (v: unknown): v is RunningHolder =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as RunningHolder).pid) &&
  Number.isInteger((v as RunningHolder).port) &&
  typeof (v as RunningHolder).token === 'string' &&
  typeof (v as RunningHolder).version === 'string';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running Trailmark that holds the case at casePath, or null (none, a stale file, or one not to be trusted). */
export async function findRunningHolder(casePath: string): Promise<RunningHolder | null> {
  const file = path.join(CaseFile.resolvePath(casePath), RUNNING_FILE);
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (!mine || (process.platform !== 'win32' && (st.mode & 0o077) !== 0)) return null;
  let holder: unknown;
  try {
    holder = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  return isHolder(holder) && holder.pid !== process.pid && alive(holder.pid) ? holder : null;
}

async function writeRunning(dir: string, holder: RunningHolder): Promise<void> {
  const file = path.join(dir, RUNNING_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(holder));
  } finally {
    await fh.close();
  }
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

async function removeRunning(dir: string, token: string): Promise<void> {
  const file = path.join(dir, RUNNING_FILE);
  try {
    const held = JSON.parse(await readFile(file, 'utf8')) as Partial<RunningHolder>;
    if (held.token === token) await rm(file, { force: true });
  } catch {
    // gone already, or another holder's: leave it
  }
}

/**
 * Keeps RUNNING_FILE in the folder of whatever case the session has open, for as long as the returned stop()
 * is not called: written on open, removed on close or when another case is opened.
 */
export function advertiseRunningCase(session: Session, api: { port: number; token: string }): () => Promise<void> {
  const holder: RunningHolder = { pid: process.pid, port: api.port, token: api.token, version: VERSION };
  let current: string | null = null;
  let queue = Promise.resolve();
  const follow = (dir: string | null) => {
    queue = queue.then(async () => {
      if (dir === current) return;
      if (current) await removeRunning(current, holder.token);
      current = dir;
      if (dir) await writeRunning(dir, holder).catch(() => undefined); // a read-only case folder: no hand-off
    });
    return queue;
  };
  void follow(session.case?.dir ?? null);
  const off = session.onCaseChange((dir) => void follow(dir));
  return async () => {
    off();
    await follow(null);
  };
}
