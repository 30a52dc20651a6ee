import type { Readable } from './batches';

/** A file split into parts, or the reason it could not be. */
export type Split = { file: Readable; index: number } & ({ parts: Readable[] } | { err: Error });

const bytesOf = (s: Split) => ('parts' in s ? s.parts.reduce((a, p) => a + p.size, 0) : 0);

type SplitFn = (f: Readable, index: number, signal: AbortSignal) => Promise<Readable[]>;

/**
 * Splits files in the background, `concurrency` at a time, while the caller loads what is already split, so DuckDB
 * never waits for the splitter once it has started. Files come out in order. It starts no new file while
 * `aheadBytes` of parts are waiting (that bounds the staging folder), until the caller takes them.
 */
export class SplitAhead {
  private ready: Split[] = [];
  private readyBytes = 0;
  private done = false;
  private readonly stopping = new AbortController();
  private wakeTaker: (() => void) | null = null;
  private wakeSplitter: (() => void) | null = null;
  /** Settles (never rejects) once every split has ended. */
  readonly finished: Promise<void>;

  constructor(
    files: Readable[],
    split: SplitFn,
    private readonly aheadBytes: number,
    private readonly concurrency = 1,
  ) {
    this.finished = this.run(files, split);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(files: Readable[], split: SplitFn): Promise<void> {
    const running: Promise<Split>[] = [];
    let next = 0;
    try {
      while (next < files.length || running.length) {
        while (!this.stopped && next < files.length && running.length < this.concurrency) {
          if (this.readyBytes >= this.aheadBytes) break;
          const index = next++;
          const file = files[index]!;
          running.push(
            split(file, index, this.stopping.signal).then(
              (parts) => ({ file, index, parts }),
              (err: unknown) => ({ file, index, err: err as Error }),
            ),
          );
        }
        if (!running.length) {
          if (this.stopped) return;
          await new Promise<void>((r) => (this.wakeSplitter = r));
          continue;
        }
        const got = await running.shift()!;
        if (this.stopped) continue; // waits for the others to end, so the caller may remove the staging folder
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

  /**
   * Stops the splits running and starts no more (after a cancel or a failure); await `finished` before removing
   * the staging folder.
   */
  stop(): void {
    this.stopping.abort();
    this.wakeSplitter?.();
  }
}
