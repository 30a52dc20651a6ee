// Splitting big CloudTrail files in worker threads (real workers, real files on disk): the same parts as on the
// main thread, a broken file's error, and a cancel that stops the split and closes what it had open.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitToLines, type SplitArgs } from '../../main/core/ingest/cloudtrail/split-records';
import { SplitPool } from '../../main/core/ingest/split-pool';

let dir = '';
const at = (name: string) => path.join(dir, name);
const records = (n: number) =>
  JSON.stringify({
    Records: Array.from({ length: n }, (_, i) => ({ eventVersion: '1.08', eventID: `e${i}`, note: 'a "quoted" }{' })),
  });
const args = (file: string, gzip: boolean, outBase: string): SplitArgs => ({
  file: at(file),
  gzip,
  wrapped: true,
  outBase: at(outBase),
  partBytes: 1024 * 1024, // parts switch between 1 MiB reads
});
const contents = (parts: { path: string }[]) => Promise.all(parts.map((p) => readFile(p.path, 'utf8')));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trailmark-split-'));
  await writeFile(at('plain.json'), records(40_000));
  await writeFile(at('big.json.gz'), gzipSync(records(40_000)));
  const gz = gzipSync(records(40_000));
  await writeFile(at('truncated.json.gz'), gz.subarray(0, gz.length >> 1));
  // Big enough that a split takes a while, so the cancel below lands half-way.
  await writeFile(at('huge.json'), records(1_000_000));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('splitting files in worker threads', () => {
  it('gives the parts the main thread gives, for plain and gzip files, two files at once', async () => {
    const pool = new SplitPool(2);
    try {
      const signal = new AbortController().signal;
      const [plain, gz] = await Promise.all([
        pool.split(args('plain.json', false, 'w-plain'), signal),
        pool.split(args('big.json.gz', true, 'w-gz'), signal),
      ]);
      const here = await splitToLines(args('plain.json', false, 'm-plain'), signal);
      expect(plain.length).toBeGreaterThan(1);
      expect(plain.map((p) => [p.bytes, p.longest])).toEqual(here.map((p) => [p.bytes, p.longest]));
      expect(await contents(plain)).toEqual(await contents(here));
      // Gunzip hands over smaller chunks, so the parts break elsewhere: the lines are the same.
      expect((await contents(gz)).join('')).toBe((await contents(here)).join(''));
    } finally {
      await pool.close();
    }
  });

  it("gives a broken file's error, as the main thread does, and goes on with the next file", async () => {
    const pool = new SplitPool(1);
    try {
      const signal = new AbortController().signal;
      const here = await splitToLines(args('truncated.json.gz', true, 'm-trunc'), signal).catch((e: Error) => e);
      const got = await pool.split(args('truncated.json.gz', true, 'w-trunc'), signal).catch((e: Error) => e);
      expect(got).toBeInstanceOf(Error);
      expect((got as Error).message).toBe((here as Error).message);
      expect((await pool.split(args('plain.json', false, 'w-after'), signal)).length).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });

  it.skipIf(!existsSync('/proc/self/fd'))('stops a split when its signal aborts, with its files closed', async () => {
    const pool = new SplitPool(1);
    try {
      await pool.split(args('plain.json', false, 'warm'), new AbortController().signal); // the worker is up
      const fds = readdirSync('/proc/self/fd').length;
      const ac = new AbortController();
      const running = pool.split(args('huge.json', false, 'cancelled'), ac.signal);
      await new Promise((r) => setTimeout(r, 20));
      ac.abort();
      await expect(running).rejects.toThrow(/abort/i);
      expect(readdirSync('/proc/self/fd').length).toBe(fds);
      const signal = new AbortController().signal;
      expect((await pool.split(args('plain.json', false, 'w-next'), signal)).length).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });
});
