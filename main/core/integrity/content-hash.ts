import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Hex SHA-256 of a file's content, decompressed first when it is gzip: what a CloudTrail digest lists. */
export async function contentSha256(file: string, gzip: boolean, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), gzip ? createGunzip() : new PassThrough(), hash, signal ? { signal } : {});
  return hash.digest('hex');
}

/** The whole decompressed content, for small files only (digest files are a few KiB). */
export async function readContent(file: string, gzip: boolean, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(file).pipe(gzip ? createGunzip() : new PassThrough())) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new Error(`larger than ${maxBytes} bytes uncompressed`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
