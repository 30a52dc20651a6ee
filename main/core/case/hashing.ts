import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through that counts the bytes flowing through it and fails once there are more than `max`. */
export class SizeLimit extends Transform {
  bytes = 0;

  constructor(
    private readonly max: number,
    private readonly tooBig: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) return cb(this.tooBig());
    cb(null, chunk);
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
