import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustodyLog } from '../../main/core/case/custody';
import { tempDir } from '../helpers/paths';

describe('custody log', () => {
  it('chains every line to the one before and verifies the chain', async () => {
    const file = path.join(await tempDir(), 'custody.jsonl');
    const log = new CustodyLog(file);
    await log.verify();
    await log.append('case.created', { path: '/x' });
    await log.append('evidence.added', { sha256: 'ab'.repeat(32) });
    await log.append('ingest.finished', { records: 3 });
    const fresh = new CustodyLog(file);
    expect(await fresh.verify()).toMatchObject({ ok: true, entries: 3, problem: null });
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines[0].prev).toBe('0'.repeat(64));
  });

  it.each([
    ['an edited line', (lines: string[]) => (lines[1] = lines[1]!.replace('"records":3', '"records":4'))],
    ['a removed line', (lines: string[]) => lines.splice(1, 1)],
    ['swapped lines', (lines: string[]) => lines.reverse()],
  ])('reports %s with its line number', async (_name, tamper) => {
    const file = path.join(await tempDir(), 'custody.jsonl');
    const log = new CustodyLog(file);
    await log.append('a', {});
    await log.append('b', { records: 3 });
    await log.append('c', {});
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    tamper(lines);
    await writeFile(file, lines.join('\n') + '\n');
    const status = await new CustodyLog(file).verify();
    expect(status.ok).toBe(false);
    expect(status.problem).toMatch(/^line \d/);
  });
});
