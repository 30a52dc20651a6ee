import { createReadStream } from 'node:fs';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { IngestLimits } from './limits';

/** Deflate (zip members, gzip) expands at most about 1032:1: a compressed size bounds what it can hold. */
export const DEFLATE_MAX_RATIO = 1032;

/** A limit broken by bytes as they were written: the member (or file) is refused, the rest goes on. */
export class LimitError extends Error {}

/** How far a member's ratio is judged: bytes written so far against compressed bytes consumed so far. */
export type RatioProbe = () => { written: number; compressed: number };

/**
 * What one ingest expands out of compressed evidence (archive members copied to the staging folder, gzip files
 * inflated to be counted), counted as the bytes are written, never from what headers declare. The total is what
 * the ingest keeps: a refused member's bytes are released with its file, so one bomb does not refuse the
 * evidence after it.
 */
export class ExpansionBudget {
  total = 0;
  /** Most that gzip files read in place without being counted can expand to (see admitGzip). */
  private uncountedMost = 0;

  constructor(readonly limits: IngestLimits) {}

  /** A pass-through for one member's bytes that fails with a LimitError once a limit is broken. */
  meter(what: string, ratio: RatioProbe | null): MeteredBytes {
    return new MeteredBytes(this, what, ratio);
  }

  /** The limit `memberBytes` more bytes of `what` break now, if any. */
  check(what: string, memberBytes: number, ratio: RatioProbe | null): LimitError | null {
    const { maxMemberBytes, maxTotalBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (memberBytes > maxMemberBytes)
      return new LimitError(`${what} expands past ${maxMemberBytes} bytes (member size limit)`);
    if (this.total + this.uncountedMost > maxTotalBytes)
      return new LimitError(`${what}: this ingest expanded more than ${maxTotalBytes} bytes (total size limit)`);
    // Judged once enough is written that a legitimate member's ratio has settled (a few compressed blocks).
    const r = ratio?.();
    if (r && r.written >= ratioFloorBytes && r.written > maxRatio * Math.max(1, r.compressed))
      return new LimitError(
        `compression ratio ${Math.round(r.written / Math.max(1, r.compressed))}:1 looks like a bomb (limit ${maxRatio}:1, judged after ${r.written} bytes of ${what})`,
      );
    return null;
  }

  /** Gzip files read in place and not inflated here, oldest first, with the most each can hold. */
  private uncounted: { file: string; what: string; most: number }[] = [];

  /**
   * A gzip file DuckDB will read in place, held to the limits. One that cannot break any on its own (deflate's
   * 1032:1 keeps it under the member limit, under the ratio floor or a ratio limit it can't reach) and whose most
   * still fits the total is not inflated here: inflating every file would cost about a third of an ingest of
   * CloudTrail's small .json.gz files. Any other is inflated once to count what it holds. Throws the LimitError
   * it breaks.
   */
  async admitGzip(file: string, size: number, what: string, signal: AbortSignal): Promise<void> {
    const most = size * DEFLATE_MAX_RATIO;
    const { maxMemberBytes, maxRatio, ratioFloorBytes } = this.limits;
    const mayBreakAlone = most > maxMemberBytes || (maxRatio < DEFLATE_MAX_RATIO && most >= ratioFloorBytes);
    if (!mayBreakAlone) {
      await this.roomFor(most, signal);
      if (this.total + this.uncountedMost + most <= this.limits.maxTotalBytes) {
        this.uncounted.push({ file, what, most });
        this.uncountedMost += most;
        return;
      }
    }
    await this.countGzip(file, what, signal, true);
  }

  /**
   * Before `bytes` more are written: while they would not fit beside the most of the gzip files let through
   * uncounted, the oldest of those is counted for what it really holds (about 1% of its most, for logs). So the
   * total stays exact, and past the point where estimates fill it each file is inflated about once, not all at once.
   */
  async roomFor(bytes: number, signal: AbortSignal): Promise<void> {
    while (this.uncounted.length && this.total + this.uncountedMost + bytes > this.limits.maxTotalBytes) {
      const f = this.uncounted.shift()!;
      this.uncountedMost -= f.most;
      await this.countGzip(f.file, f.what, signal, false);
    }
  }

  /**
   * Inflates a gzip file without writing it, counting its bytes (against the limits when `judge`): throws the
   * LimitError it breaks. Damage (a truncated stream, trailing garbage) ends the count quietly: the reader
   * reports it.
   */
  private async countGzip(file: string, what: string, signal: AbortSignal, judge: boolean): Promise<void> {
    const source = createReadStream(file, { highWaterMark: 1 << 16 });
    let compressed = 0;
    source.on('data', (c) => (compressed += (c as Buffer).length));
    const meter: MeteredBytes = new MeteredBytes(this, what, () => ({ written: meter.bytes, compressed }), judge);
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    try {
      await pipeline(source, createGunzip(), meter, sink, { signal });
    } catch (err) {
      if (err instanceof LimitError || signal.aborted) {
        meter.release();
        throw err;
      }
    }
  }
}

export class MeteredBytes extends Transform {
  bytes = 0;

  constructor(
    private readonly budget: ExpansionBudget,
    private readonly what: string,
    private readonly ratio: RatioProbe | null,
    private readonly judge = true,
  ) {
    super();
  }

  /** The member was refused and its bytes removed: they no longer count towards the total. */
  release(): void {
    this.budget.total -= this.bytes;
    this.bytes = 0;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.budget.total += chunk.length;
    const broken = this.judge ? this.budget.check(this.what, this.bytes, this.ratio) : null;
    if (broken) return cb(broken);
    cb(null, chunk);
  }
}
