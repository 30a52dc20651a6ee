import { describe, expect, it } from 'vitest';
import type { Readable } from '../../main/core/ingest/batches';
import { SplitAhead } from '../../main/core/ingest/split-ahead';

const file = (i: number) => ({ display: `f${i}` }) as Readable;
const part = (size: number) => ({ size }) as Readable;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('splitting ahead of DuckDB', () => {
  it('splits in order until enough waits, then only as the loader takes parts', async () => {
    const started: number[] = [];
    const ahead = new SplitAhead(
      [0, 1, 2, 3, 4].map(file),
      async (_f, i) => {
        started.push(i);
        if (i === 2) throw new Error('truncated gzip');
        return [part(40), part(60)];
      },
      150,
    );
    await tick();
    expect(started).toEqual([0, 1]); // 200 bytes wait, over the 150 allowed ahead
    const first = await ahead.take(100);
    expect(first!.map((s) => s.index)).toEqual([0, 1]);
    const second = await ahead.take(1000); // less than asked: every file is split by then
    expect(second!.map((s) => [s.index, 'err' in s ? s.err.message : s.parts.length])).toEqual([
      [2, 'truncated gzip'],
      [3, 2],
      [4, 2],
    ]);
    expect(await ahead.take(1)).toBeNull();
    await ahead.finished;
  });

  it('stops splitting when told, and settles', async () => {
    const started: number[] = [];
    const ahead = new SplitAhead(
      [0, 1, 2].map(file),
      async (_f, i) => {
        started.push(i);
        return [part(100)];
      },
      50,
    );
    await tick();
    ahead.stop();
    await ahead.finished;
    expect(started).toEqual([0]);
  });
});

describe('splitting two files at a time', () => {
  it('runs two splits at once and hands them over in file order, whichever ends first', async () => {
    const running = new Set<number>();
    let most = 0;
    const ends: number[] = [];
    const ahead = new SplitAhead(
      [0, 1, 2, 3].map(file),
      async (_f, i) => {
        running.add(i);
        most = Math.max(most, running.size);
        await new Promise((r) => setTimeout(r, i % 2 === 0 ? 30 : 5)); // odd files end first
        running.delete(i);
        ends.push(i);
        return [part(10)];
      },
      1000,
      2,
    );
    const got = await ahead.take(40);
    expect(got!.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
    expect(ends.slice(0, 2)).toEqual([1, 0]);
    await ahead.finished;
  });

  it('aborts the splits running when stopped, and settles only once they have ended', async () => {
    const aborted: number[] = [];
    let ended = 0;
    const ahead = new SplitAhead(
      [0, 1, 2].map(file),
      (_f, i, signal) =>
        new Promise<Readable[]>((_r, reject) =>
          signal.addEventListener('abort', () => {
            aborted.push(i);
            setTimeout(() => {
              ended++;
              reject(new Error('aborted'));
            }, 10);
          }),
        ),
      1000,
      2,
    );
    await tick();
    ahead.stop();
    await ahead.finished;
    expect(aborted).toEqual([0, 1]);
    expect(ended).toBe(2);
  });
});
