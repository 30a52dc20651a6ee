import { webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { readFile, stat } from 'node:fs/promises';
import { constants, gunzip } from 'node:zlib';
import { sha256File } from './hashing';
import { readHead, type Container } from './sniff';

export interface Inspected {
  sha256: string;
  size: number;
  container: Container;
  /** The first bytes of the content, decompressed when gzip: enough to recognise the format. */
  head: Buffer;
}

const SMALL = 16 * 2 ** 20;
const gunzipAsync = promisify(gunzip);
const HEAD = 16 * 1024;
const GZ_PREFIX = 8 * 1024;

function containerOf(b: Buffer, inner: Buffer): Container {
  const isTar = (x: Buffer) => x.length >= 262 && x.subarray(257, 262).toString('latin1') === 'ustar';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6))
    return 'zip';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return isTar(inner) ? 'tar.gz' : 'gzip';
  return isTar(b) ? 'tar' : 'plain';
}

/**
 * The start of a gzip stream, decompressed as far as its first compressed bytes go (a truncated stream still
 * yields its prefix). Only a few KiB are needed to recognise a format; decompressing whole files here would
 * cost more than DuckDB's read of them.
 */
async function gunzipPrefix(compressed: Buffer): Promise<Buffer> {
  try {
    const out = await gunzipAsync(compressed.subarray(0, GZ_PREFIX), { finishFlush: constants.Z_SYNC_FLUSH });
    return out.subarray(0, HEAD);
  } catch {
    return Buffer.alloc(0);
  }
}

/** WebCrypto's digest and zlib's callback API run on libuv's thread pool: the event loop (Electron's main
 *  process, the host) stays responsive while thousands of files are hashed. */
async function sha256Hex(buf: Buffer): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', buf)).toString('hex');
}

/**
 * One pass over a file: its SHA-256, what container it is (by magic bytes, never by name) and its first bytes.
 * Small files are read once into memory and hashed off the event loop; large ones are streamed for the hash.
 */
export async function inspectFile(file: string, onBytes: (n: number) => void, signal: AbortSignal): Promise<Inspected> {
  const { size } = await stat(file);
  if (size <= SMALL) {
    const buf = await readFile(file, { signal });
    onBytes(buf.length);
    const gz = buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    const inner = gz ? await gunzipPrefix(buf) : buf.subarray(0, HEAD);
    return {
      sha256: await sha256Hex(buf),
      size: buf.length,
      container: containerOf(buf.subarray(0, 512), inner),
      head: inner,
    };
  }
  const start = await readHead(file, false, HEAD);
  const gz = start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
  const inner = gz ? await readHead(file, true, HEAD) : start;
  const hash = await sha256File(file, onBytes, signal);
  return { ...hash, container: containerOf(start.subarray(0, 512), inner), head: inner };
}
