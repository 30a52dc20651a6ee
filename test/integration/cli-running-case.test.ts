import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNNING_FILE } from '../../main/core/api/running-case';
import type { CoreService } from '../../main/core/api/service';
import { startHost, type RunningHost } from '../../main/host/server';
import { cloudTrailRecords } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

// A case open in the app or in `trailmark serve` is locked to that process (DuckDB). The CLI run on the same case
// sends its calls to that process instead of failing on the lock. The CLI runs as a child process, asynchronously,
// so that this process's host can answer it.
const bin = path.join(REPO, 'bin/trailmark.mjs');
const run = promisify(execFile);
async function trailmark(...args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

describe('the CLI on a case a running Trailmark holds', () => {
  let core: CoreService;
  let dir: string;
  let host: RunningHost | null;
  beforeEach(async () => {
    ({ core, dir } = await openTempCase('held'));
    const renderer = path.join(await tempDir(), 'renderer');
    await mkdir(renderer);
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Trailmark</title>');
    host = await startHost({ core, rendererDir: renderer });
  });
  afterEach(async () => {
    await host?.close();
    core.close();
  });

  it('leaves its address in the case folder, readable by its owner only, and removes it on close', async () => {
    const file = path.join(dir, RUNNING_FILE);
    await expect
      .poll(() =>
        stat(file).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, port: host!.port });
    await host!.close();
    host = null;
    await expect(stat(file)).rejects.toThrow();
  });

  it('runs ingest, info and events there, and the holder sees what the CLI added', async () => {
    const evidence = path.join(await tempDir(), 'trail.json');
    await writeFile(evidence, cloudTrailRecords(25));
    // a relative evidence path: the holder runs in another folder
    const rel = path.relative(REPO, evidence);
    const ingest = await trailmark('ingest', dir, rel, '--json');
    expect(ingest.err).toContain('this command runs there');
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.out).loaded).toBe(25);
    expect((await core.api.caseInfo({})).events).toBe(25);

    const events = await trailmark('events', dir, '--json', '--limit', '10');
    expect(events.code).toBe(0);
    expect(JSON.parse(events.out)).toMatchObject({ total: 25 });
  });

  it('still fails on the lock when the address file could be read by others', async () => {
    const file = path.join(dir, RUNNING_FILE);
    await expect
      .poll(() =>
        stat(file).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    await chmod(file, 0o644);
    const r = await trailmark('info', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/lock/i);
  });

  it('refuses to serve a case that is already served', async () => {
    const r = await trailmark('serve', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already open in a running Trailmark \(pid \d+\)/);
  });
});
