import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through that hashes and counts what flows through it, and can refuse to pass more than `max` bytes. */
export class HashCounter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(
    private readonly max: number = Infinity,
    private readonly onTooBig: (bytes: number) => Error = (b) => new Error(`more than ${b} bytes`),
    private readonly onChunk?: (n: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) return cb(this.onTooBig(this.bytes));
    this.hash.update(chunk);
    this.onChunk?.(chunk.length);
    cb(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** SHA-256 of a file on disk, streamed; onChunk reports bytes read for progress. */
export async function sha256File(
  file: string,
  onChunk?: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
    onChunk?.(buf.length);
  }
  return { sha256: hash.digest('hex'), size };
}
