import type { Readable } from './batches';

/** A file split into parts, or the reason it could not be. */
export type Split = { file: Readable; index: number } & ({ parts: Readable[] } | { err: Error });

const bytesOf = (s: Split) => ('parts' in s ? s.parts.reduce((a, p) => a + p.size, 0) : 0);

/**
 * Splits files one after another in the background while the caller loads what is already split, so DuckDB
 * never waits for the splitter once it has started. It splits ahead until `aheadBytes` of parts are waiting
 * (that bounds the staging folder), then waits for the caller to take them.
 */
export class SplitAhead {
  private ready: Split[] = [];
  private readyBytes = 0;
  private done = false;
  private stopped = false;
  private wakeTaker: (() => void) | null = null;
  private wakeSplitter: (() => void) | null = null;
  /** Settles (never rejects) once the splitter has stopped. */
  readonly finished: Promise<void>;

  constructor(
    files: Readable[],
    split: (f: Readable, index: number) => Promise<Readable[]>,
    private readonly aheadBytes: number,
  ) {
    this.finished = this.run(files, split);
  }

  private async run(files: Readable[], split: (f: Readable, index: number) => Promise<Readable[]>): Promise<void> {
    try {
      for (const [index, file] of files.entries()) {
        while (this.readyBytes >= this.aheadBytes && !this.stopped)
          await new Promise<void>((r) => (this.wakeSplitter = r));
        if (this.stopped) return;
        const got: Split = await split(file, index).then(
          (parts) => ({ file, index, parts }),
          (err: unknown) => ({ file, index, err: err as Error }),
        );
        this.ready.push(got);
        this.readyBytes += bytesOf(got);
        this.wakeTaker?.();
      }
    } finally {
      this.done = true;
      this.wakeTaker?.();
    }
  }

  /**
   * Waits until at least `minBytes` of parts wait (or every file is split), then takes all that wait; null when
   * nothing is left.
   */
  async take(minBytes: number): Promise<Split[] | null> {
    while (!this.done && (this.readyBytes < minBytes || !this.ready.length))
      await new Promise<void>((r) => (this.wakeTaker = r));
    if (!this.ready.length) return null;
    const out = this.ready;
    this.ready = [];
    this.readyBytes = 0;
    this.wakeSplitter?.();
    return out;
  }

  /** Splits nothing more (after a cancel or a failure); await `finished` before removing the staging folder. */
  stop(): void {
    this.stopped = true;
    this.wakeSplitter?.();
  }
}
