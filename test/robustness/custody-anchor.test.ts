import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { robustCase } from './robust-case';
import { copyCase, logOf, readLines, rechain, trailmark, writeLines, closeAndRelease } from './tamper';

/**
 * Attacks on custody.jsonl of a closed case; `trailmark info` must say BROKEN and exit 1 for each, as for an edit
 * in the middle. Each attack runs on its own copy of one analysed case.
 */
describe('custody log against its anchor in the case', () => {
  let c: Awaited<ReturnType<typeof robustCase>>;
  beforeAll(async () => {
    c = await robustCase({ analyse: true });
    await c.core.api.addAnnotation({ target_kind: 'range', target_id: '2026-01-01T00:00:00Z/2026-01-02T00:00:00Z' });
    await closeAndRelease(c.core, c.caseDir);
  });
  afterAll(() => c?.cleanup());

  const broken = (caseDir: string, problem: RegExp) => {
    const r = trailmark('info', caseDir);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/!! CUSTODY LOG BROKEN/);
    expect(r.out).toMatch(problem);
    // Still broken after the open above appended to the log: the break is kept in the case.
    const again = trailmark('info', caseDir, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out).custody.ok).toBe(false);
  };

  it('an intact case says so and exits 0', async () => {
    const dir = await copyCase(c.caseDir, 'intact');
    const r = trailmark('info', dir);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('chain intact, matches the case');
  });

  it('a line edited in the middle', async () => {
    const dir = await copyCase(c.caseDir, 'middle');
    const lines = await readLines(dir);
    lines[3] = lines[3]!.replace('"action":"', '"action":"x');
    await writeLines(dir, lines);
    broken(dir, /line 4/);
  });

  it('the last lines cut off', async () => {
    const dir = await copyCase(c.caseDir, 'cut');
    await writeLines(dir, (await readLines(dir)).slice(0, -3));
    broken(dir, /end was cut off/);
  });

  it('the log truncated to zero', async () => {
    const dir = await copyCase(c.caseDir, 'zero');
    await truncate(logOf(dir), 0);
    broken(dir, /custody.jsonl is empty/);
  });

  it('the last action removed whole is written again from the case, marked recovered (nothing is lost)', async () => {
    const dir = await copyCase(c.caseDir, 'last-removed');
    const lines = await readLines(dir);
    await writeLines(dir, lines.slice(0, -1));
    expect(trailmark('info', dir).code).toBe(0);
    const after = await readLines(dir);
    expect(JSON.parse(after[lines.length - 1]!)).toMatchObject({ action: 'annotation.flag', recovered: true });
  });

  it('the log deleted', async () => {
    const dir = await copyCase(c.caseDir, 'deleted');
    await rm(logOf(dir));
    broken(dir, /custody.jsonl is missing/);
  });

  it('the last line edited', async () => {
    const dir = await copyCase(c.caseDir, 'last-edited');
    const lines = await readLines(dir);
    lines[lines.length - 1] = lines[lines.length - 1]!.replace('2026-01-02', '2026-01-05');
    expect(lines[lines.length - 1]).toContain('2026-01-05');
    await writeLines(dir, lines);
    broken(dir, /rewritten/);
  });

  it('a forged line appended with the right prev', async () => {
    const dir = await copyCase(c.caseDir, 'forged');
    const lines = await readLines(dir);
    const forged = {
      seq: lines.length + 1,
      at: new Date().toISOString(),
      by: 'x',
      action: 'finding.dismissed',
      detail: {},
    };
    await writeLines(dir, rechain([...lines, JSON.stringify(forged)]));
    broken(dir, /added outside Trailmark/);
  });

  it('the whole chain rewritten consistently', async () => {
    const dir = await copyCase(c.caseDir, 'rewritten');
    const lines = await readLines(dir);
    const i = lines.findIndex((l) => l.includes('"action":"analysis.run"'));
    expect(i).toBeGreaterThan(0);
    expect(i).toBeLessThan(lines.length - 1);
    lines.splice(i, 1); // the analysis run never happened, says the log
    const rewritten = rechain(lines);
    await writeLines(dir, rewritten);
    broken(dir, /rewritten|cut off/);
  });

  it('CRLF line endings are the same chain', async () => {
    const dir = await copyCase(c.caseDir, 'crlf');
    const text = await readFile(logOf(dir), 'utf8');
    await writeFile(logOf(dir), text.replaceAll('\n', '\r\n'));
    const r = trailmark('info', dir);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('chain intact');
  });

  it('a last line cut short by a crash is written again from the case, marked recovered', async () => {
    const dir = await copyCase(c.caseDir, 'torn');
    const text = await readFile(logOf(dir), 'utf8');
    const lines = await readLines(dir);
    await truncate(logOf(dir), Buffer.byteLength(text) - Math.floor(lines[lines.length - 1]!.length / 2));
    const r = trailmark('info', dir, '--json');
    expect(r.code, r.out + r.err).toBe(0);
    expect(JSON.parse(r.out).custody).toMatchObject({ ok: true, problem: null });
    const after = (await readLines(dir)).map((l) => JSON.parse(l));
    const recovered = after.find((e) => e.recovered);
    expect(recovered).toMatchObject({ action: 'annotation.flag', seq: lines.length, recovered: true });
    expect(after[after.length - 1].detail.recovered_entries).toBe(1);
  });

  it('an action committed while its custody line could not be written is recorded from the case before the next one', async () => {
    const dir = await copyCase(c.caseDir, 'unwritable');
    const core = createCoreService('cli');
    try {
      await core.api.openCase({ path: dir });
      const saved = await readFile(logOf(dir));
      await rm(logOf(dir));
      await mkdir(logOf(dir)); // appending now fails, after the database committed
      const add = (note: string) =>
        core.dispatch('addAnnotation', {
          target_kind: 'range',
          target_id: '2026-01-03T00:00:00Z/2026-01-04T00:00:00Z',
          note,
        });
      const failed = await add('made while the log was unwritable');
      expect(failed.ok).toBe(false);
      expect(JSON.stringify(failed)).toMatch(/saved in the case but custody.jsonl could not be written/);
      await rm(logOf(dir), { recursive: true });
      await writeFile(logOf(dir), saved);
      expect((await add('made after')).ok).toBe(true);
      await closeAndRelease(core, dir);
    } finally {
      core.close();
    }
    const r = trailmark('info', dir, '--json');
    expect(r.code, r.out + r.err).toBe(0);
    const entries = (await readLines(dir)).map((l) => JSON.parse(l));
    const notes = entries.filter((e) => e.action === 'annotation.flag').slice(-2);
    expect(notes.map((e) => [e.detail.note, e.recovered ?? false])).toEqual([
      ['made while the log was unwritable', true],
      ['made after', false],
    ]);
  });
});
