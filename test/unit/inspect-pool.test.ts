// Inspecting files in worker threads (real workers, real files on disk): the same answer as on the main thread,
// progress in bytes, errors in place, and close() stopping a hash half-way.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFileSync, NODE_DEPS } from '../../main/core/ingest/inspect';
import { InspectPool } from '../../main/core/ingest/inspect-pool';

let dir = '';
const at = (name: string) => path.join(dir, name);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const records = (n: number) =>
  JSON.stringify({ Records: Array.from({ length: n }, (_, i) => ({ eventVersion: '1.08', eventID: `e${i}` })) });
// Over 16 MiB, so it is hashed in chunks rather than read whole; random bytes so gzip can't shrink it much.
const big = Buffer.concat([Buffer.from(records(10)), randomBytes(20 * 2 ** 20)]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trailmark-inspect-'));
  await writeFile(at('small.json'), records(3));
  await writeFile(at('small.json.gz'), gzipSync(records(500)));
  await writeFile(at('big.bin'), big);
  await writeFile(at('big.gz'), gzipSync(big, { level: 1 }));
  await writeFile(at('empty'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('inspecting files in worker threads', () => {
  it('gives what the main thread gives: hash, size, container and head, for small, big and gzip files', async () => {
    const pool = new InspectPool(2);
    const names = ['small.json', 'small.json.gz', 'big.bin', 'big.gz', 'empty'];
    let bytes = 0;
    try {
      const got = await pool.inspect(names.map(at), (n) => (bytes += n));
      // One after another on this thread, which reads small files into one scratch buffer: no head may share it.
      const here = names.map((n) => inspectFileSync(NODE_DEPS, at(n), Infinity, () => {}));
      expect(got).toEqual(here);
      expect(got[2]).toMatchObject({ sha256: sha(big), size: big.length, container: 'plain' });
      expect(got[3]).toMatchObject({ container: 'gzip' });
      const head = (got[3] as { head: Buffer }).head;
      expect(Buffer.isBuffer(head)).toBe(true);
      expect(head.toString('latin1')).toMatch(/^\{"Records":\[\{"eventVersion"/);
      expect(bytes).toBe(here.reduce((a, r) => a + (r?.size ?? 0), 0));
    } finally {
      await pool.close();
    }
  });

  it('gives an unreadable file its error in its place, and the others still come back', async () => {
    const pool = new InspectPool(1);
    try {
      const [missing, ok] = await pool.inspect([at('no-such-file'), at('small.json')], () => {});
      expect(missing).toBeInstanceOf(Error);
      expect((missing as Error & { code?: string }).code).toBe('ENOENT');
      expect(ok).toMatchObject({ size: records(3).length, container: 'plain' });
    } finally {
      await pool.close();
    }
  });

  it('fails what is queued or being hashed when closed, and takes no more work', async () => {
    const pool = new InspectPool(1);
    const hashing = expect(pool.inspect([at('big.bin')], () => {})).rejects.toThrow('inspect worker stopped');
    const queued = expect(pool.inspect([at('big.gz')], () => {})).rejects.toThrow('inspect pool closed');
    await pool.close();
    await hashing;
    await queued;
    await expect(pool.inspect([at('small.json')], () => {})).rejects.toThrow('inspect pool closed');
  });

  it('keeps the main thread to files of at most maxSize', () => {
    expect(inspectFileSync(NODE_DEPS, at('big.bin'), 2 ** 20, () => {})).toBeNull();
  });
});
