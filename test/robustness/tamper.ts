import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sha256 } from '../../main/core/case/custody-chain';
import { REPO } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');

/** The real `trailmark` command. */
export function trailmark(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of a closed case folder, to attack without touching the original. */
export async function copyCase(caseDir: string, name: string): Promise<string> {
  const to = path.join(path.dirname(caseDir), `${name}.trailmark`);
  await cp(caseDir, to, { recursive: true });
  return to;
}

export const logOf = (caseDir: string) => path.join(caseDir, 'custody.jsonl');

export async function readLines(caseDir: string): Promise<string[]> {
  return (await readFile(logOf(caseDir), 'utf8')).split('\n').filter(Boolean);
}

export async function writeLines(caseDir: string, lines: string[]): Promise<void> {
  await writeFile(logOf(caseDir), lines.map((l) => l + '\n').join(''));
}

/** Rewrites the chain from `lines` so every prev and seq holds again, as someone who knows the format would. */
export function rechain(lines: string[]): string[] {
  let prev = '0'.repeat(64);
  return lines.map((l, i) => {
    const e = JSON.parse(l) as Record<string, unknown>;
    const line = JSON.stringify({ ...e, seq: i + 1, prev });
    prev = sha256(line);
    return line;
  });
}

/**
 * Closes a core and waits until its case file is free for another process: DuckDB closes once statements in
 * flight (a text index being built beside) have returned.
 */
export async function closeAndRelease(core: { close(): void }, caseDir: string): Promise<void> {
  core.close();
  for (let i = 0; ; i++) {
    try {
      const db = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'));
      db.closeSync();
      return;
    } catch (err) {
      if (i > 600 || !/lock/i.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Runs statements straight on a closed case's database, as someone with a DuckDB shell would. */
export async function editDatabase(caseDir: string, ...statements: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'));
  const conn = await db.connect();
  try {
    for (const s of statements) await conn.run(s);
    await conn.run('CHECKPOINT');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
