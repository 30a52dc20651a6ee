import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { Container } from './sniff';

export interface Inspected {
  sha256: string;
  size: number;
  container: Container;
  /** The first bytes of the content, decompressed when gzip: enough to recognise the format. */
  head: Buffer;
  /** What the file was on disk when hashed (fileIdentity): the ingest checks it again after reading the file. */
  identity: string;
}

/** A file's device, inode, size, modification and change times (ns): any write or replacement changes it. */
export const fileIdentity = (st: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }) =>
  `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/** The node modules inspectFileSync uses, passed in: it may name nothing from outside itself (see below). */
export interface InspectDeps {
  fs: Pick<typeof fs, 'openSync' | 'fstatSync' | 'readSync' | 'closeSync'>;
  crypto: Pick<typeof crypto, 'createHash'>;
  zlib: Pick<typeof zlib, 'gunzipSync' | 'inflateRawSync' | 'constants'>;
  /** Read into, for files that fit: thousands of small files then allocate nothing but their heads. */
  scratch?: Buffer;
}

/** Files up to this size are inspected on the calling thread (a millisecond or less each); bigger ones in workers. */
export const SYNC_MAX = 2 ** 20;

export const NODE_DEPS: InspectDeps = { fs, crypto, zlib, scratch: Buffer.allocUnsafe(SYNC_MAX) };

/**
 * One pass over a file: its SHA-256, what container it is (by magic bytes, never by name) and its first bytes,
 * decompressed when gzip. Files up to 16 MiB are read into memory once; bigger ones are hashed in 1 MiB chunks.
 * Returns null, without reading, when the file is bigger than maxSize.
 *
 * Synchronous: folders of thousands of small files (CloudTrail's S3 layout) are bound by per-file overhead, and
 * thread-pool round trips and their promises cost ten times the work itself. Self-contained (it names nothing
 * but its arguments and globals), because inspect workers run it from its source text (inspect-pool.ts).
 */
export function inspectFileSync(
  d: InspectDeps,
  file: string,
  maxSize: number,
  onBytes: (n: number) => void,
): Inspected | null {
  const HEAD = 16 * 1024;
  const WHOLE = 16 * 2 ** 20;
  const CHUNK = 2 ** 20;
  // Compressed bytes inflated for the head: a small prefix first (CloudTrail compresses about 8:1), more if short.
  // A few KiB are enough to recognise any format; inflating whole files here would cost more than DuckDB's read.
  const GZ_PREFIXES = [2 * 1024, 8 * 1024, 64 * 1024];
  const ENOUGH_HEAD = 8 * 1024;
  const isTar = (x: Buffer) => x.length >= 262 && x.subarray(257, 262).toString('latin1') === 'ustar';
  /** The length of a gzip member's header (RFC 1952: 10 bytes, then the optional fields its flags announce). */
  const gzipHeaderBytes = (b: Buffer) => {
    const flags = b[3] ?? 0;
    let p = 10;
    if (flags & 4) p += 2 + (b.length >= 12 ? b.readUInt16LE(10) : 0);
    for (const bit of [8, 16]) if (flags & bit) p = b.indexOf(0, p) + 1 || b.length;
    return Math.min(b.length, flags & 2 ? p + 2 : p);
  };

  const fd = d.fs.openSync(file, 'r');
  try {
    const st = d.fs.fstatSync(fd, { bigint: true });
    const size = Number(st.size);
    if (size > maxSize) return null;
    // as fileIdentity (which this function may not name)
    const identity = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    const whole = size <= WHOLE;
    const buf =
      whole && d.scratch && size <= d.scratch.length
        ? d.scratch.subarray(0, size)
        : Buffer.allocUnsafe(whole ? size : CHUNK);
    const hash = d.crypto.createHash('sha256');
    let start: Buffer | null = null;
    let pos = 0;
    for (;;) {
      let got = 0;
      while (got < buf.length) {
        const n = d.fs.readSync(fd, buf, got, buf.length - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      const chunk = buf.subarray(0, got);
      start ??= whole ? chunk : Buffer.from(chunk.subarray(0, 64 * 1024)); // a copy: buf is read into again
      hash.update(chunk);
      onBytes(got);
      pos += got;
      if (whole || got < buf.length) break;
    }
    const head = start ?? Buffer.alloc(0);
    const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    let inner: Buffer = Buffer.alloc(0);
    if (gz) {
      for (const n of GZ_PREFIXES) {
        try {
          inner = d.zlib.gunzipSync(head.subarray(0, n), { finishFlush: d.zlib.constants.Z_SYNC_FLUSH });
        } catch {
          // Damaged, or bytes after the gzip data that are not gzip (which gunzip refuses whole): the deflate data
          // inflated raw, up to where it ends or breaks. The reader reports the damage with its position.
          try {
            inner = d.zlib.inflateRawSync(head.subarray(gzipHeaderBytes(head), n), {
              finishFlush: d.zlib.constants.Z_SYNC_FLUSH,
            });
          } catch {
            // nothing readable: sniffed as it is
          }
          break;
        }
        if (inner.length >= ENOUGH_HEAD || n >= head.length) break;
      }
    } else inner = head;
    inner = Buffer.from(inner.subarray(0, HEAD)); // a copy: the buffer may be much bigger, or d.scratch
    const b = head;
    let container: Container = isTar(b) ? 'tar' : 'plain';
    if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6))
      container = 'zip';
    else if (gz) container = isTar(inner) ? 'tar.gz' : 'gzip';
    return { sha256: hash.digest('hex'), size: pos, container, head: inner, identity };
  } finally {
    d.fs.closeSync(fd);
  }
}

/** inspectFileSync on this thread for a file of at most SYNC_MAX bytes, or null when it is bigger. */
export const inspectSmallFileSync = (file: string, onBytes: (n: number) => void = () => {}): Inspected | null =>
  inspectFileSync(NODE_DEPS, file, SYNC_MAX, onBytes);
