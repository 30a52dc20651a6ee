import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '../../main/cli/output';
import { cloudTrailRecords } from '../helpers/archives';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What a terminal would act on: C0 but newline, DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the CLI prints values from logs and file names with their control characters escaped', () => {
  let dir: string;
  let caseDir: string;
  const TITLE = '\x1b]0;pwned\x07';
  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'hostile.trailmark');
    const folder = path.join(dir, 'in');
    await mkdir(folder);
    // A file name that would retitle the terminal and rewrite its own line.
    const file = path.join(folder, `a${TITLE}\rforged\u202e.json`);
    await writeFile(
      file,
      cloudTrailRecords(2, (i) => ({
        eventName: `GetObject${TITLE}\r\x1b[2Kforged row\n${'x'.repeat(i)}`,
        sourceIPAddress: '10.0.0.1\x9b31m',
      })),
    );
    const r = trailmark('ingest', caseDir, folder);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('/a\\e]0;pwned\\u{07}\\rforged');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('events: no raw ESC, CR, BEL or C1 reaches stdout, and a value cannot start a new row', () => {
    const r = trailmark('events', caseDir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('GetObject\\e]0;pwned\\u{07}\\r\\e[2Kforged row\\n');
    expect(r.out).toContain('10.0.0.1\\u{9b}31m');
    expect(r.out.split('\n').filter((l) => l.startsWith('forged') || l.startsWith('x'))).toEqual([]);
  });

  it('with --json the values are kept whole (JSON escapes them itself)', () => {
    const { rows } = JSON.parse(trailmark('events', caseDir, '--json').out) as { rows: { api_operation: string }[] };
    expect(rows.map((e) => e.api_operation)).toContain(`GetObject${TITLE}\r\x1b[2Kforged row\n`);
  });

  it('escapeText keeps intended line breaks unless asked, and leaves other text alone', () => {
    expect(escapeText('a\nb\x1b[31mc\u2067d é')).toBe('a\nb\\e[31mc\\u{2067}d é');
    expect(escapeText('a\nb', false)).toBe('a\\nb');
  });
});
