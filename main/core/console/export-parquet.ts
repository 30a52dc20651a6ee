import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { sha256File } from '../case/hashing';
import { queryConsole } from './runner';

/** Where a Parquet export goes when the caller names no file: the case folder's exports/, one new file per export. */
async function defaultTarget(c: CaseFile): Promise<string> {
  const dir = path.join(c.dir, 'exports');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `query-${stamp}.parquet`);
}

/**
 * A console query's whole result as a Parquet file (DuckDB's COPY, done by the core on the console's connection
 * after the statement check; the user's SQL never holds a COPY). The file must not exist yet: an export never
 * overwrites. The export is recorded in custody with the file's SHA-256, as the CSV export is.
 */
export async function exportQueryParquet(
  c: CaseFile,
  text: string,
  target: string | undefined,
  timeoutS: number,
): Promise<{ path: string; rows: number; sha256: string; size: number }> {
  const file = target ? path.resolve(target) : await defaultTarget(c);
  if (!file.endsWith('.parquet')) throw new TrailmarkError('bad_request', `${file}: a Parquet export ends in .parquet`);
  if (await stat(file).catch(() => null))
    throw new TrailmarkError('bad_input', `${file}: exists already; an export never overwrites, choose a new name`);
  const dir = await stat(path.dirname(file)).catch(() => null);
  if (!dir?.isDirectory()) throw new TrailmarkError('bad_input', `${path.dirname(file)}: no such folder`);
  const { rows } = await queryConsole(c).copyToParquet(text, file, timeoutS);
  const { sha256, size } = await sha256File(file);
  await c.custody.append('query.exported', { sql: text, format: 'parquet', path: file, rows, size, sha256 });
  return { path: file, rows, sha256, size };
}
