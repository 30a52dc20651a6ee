import { createReadStream, createWriteStream } from 'node:fs';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { TextDecoder } from 'node:util';
import { SizeLimit } from '../case/hashing';

export type Utf16 = 'utf-16le' | 'utf-16be';

/** UTF-16 is recognised by its byte-order mark only; without one a file is taken as UTF-8 (as DuckDB does). */
export function utf16Bom(head: Buffer): Utf16 | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 in, UTF-8 out, streamed; the decoder drops the BOM and replaces unpaired surrogates with U+FFFD. */
class Utf16ToUtf8 extends Transform {
  private readonly decoder: TextDecoder;
  replaced = 0;

  constructor(encoding: Utf16) {
    super();
    this.decoder = new TextDecoder(encoding);
  }

  private push8(text: string): void {
    if (text.includes('\ufffd')) this.replaced += text.split('\ufffd').length - 1;
    if (text) this.push(Buffer.from(text, 'utf8'));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.push8(this.decoder.decode(chunk, { stream: true }));
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.push8(this.decoder.decode());
    cb();
  }
}

/**
 * DuckDB reads only UTF-8: a UTF-16 file is written to the staging folder as UTF-8 (decompressed when it was
 * gzip) and read from there. The evidence keeps its own hash; the returned note goes to ingest_issues.
 */
export async function transcodeUtf16(
  source: string,
  gzip: boolean,
  encoding: Utf16,
  dest: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ bytes: number; note: string }> {
  const decode = new Utf16ToUtf8(encoding);
  const counter = new SizeLimit(maxBytes, () => new Error(`transcoded to UTF-8 it expands past ${maxBytes} bytes`));
  await pipeline(
    createReadStream(source),
    gzip ? createGunzip() : new PassThrough(),
    decode,
    counter,
    createWriteStream(dest, { flags: 'wx' }),
    { signal },
  );
  const lost = decode.replaced ? `; ${decode.replaced} invalid sequence(s) replaced with U+FFFD` : '';
  return { bytes: counter.bytes, note: `transcoded from ${encoding.toUpperCase()} to UTF-8 for reading${lost}` };
}
