import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDirs, REPO, tempDir } from '../helpers/paths';

describe('test temp folders', () => {
  it('every folder tempDir made is removed, with its contents, by removeTempDirs', async () => {
    const a = await tempDir();
    const b = await tempDir('trailmark-other-');
    await writeFile(path.join(a, 'case.duckdb'), 'x');
    expect(existsSync(a) && existsSync(b)).toBe(true);
    await removeTempDirs();
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(false);
  });

  it('removeTempDirs runs after every test file (the vitest setup file)', () => {
    const config = readFileSync(path.join(REPO, 'vitest.config.ts'), 'utf8');
    expect(config).toMatch(/setupFiles: \[[^\]]*'test\/helpers\/temp-cleanup\.ts'/);
  });
});
