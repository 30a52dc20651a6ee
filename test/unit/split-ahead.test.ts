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
