import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordScanner } from '../../main/core/ingest/cloudtrail/split-records';

/**
 * Runs the record scanner (record-scan.wat) over `text` cut into the given chunk sizes and returns the records of
 * its output lines, after checking that each line is `index<TAB>record` with one tab and the indexes count from 0.
 */
function split(text: string, depth: number, cuts: number[]): string[] {
  const bytes = Buffer.from(text);
  const scanner = recordScanner(depth);
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.min(cuts[k] ?? bytes.length, bytes.length - at);
    scanner.room(n).set(bytes.subarray(at, at + n));
    out.push(Buffer.from(scanner.scan(n)));
    at += n;
  }
  const lines = Buffer.concat(out).toString('utf8').split('\n').filter(Boolean);
  expect(lines.map((l) => l.split('\t').length)).toEqual(lines.map(() => 2));
  expect(lines.map((l) => Number(l.split('\t')[0]))).toEqual(lines.map((_, i) => i));
  expect(scanner.records).toBe(lines.length);
  const records = lines.map((l) => l.split('\t')[1]!);
  expect(scanner.longest).toBe(Math.max(0, ...records.map((r) => Buffer.byteLength(r))));
  return records;
}

// Strings of the bytes that matter (quotes, backslashes, brackets, line breaks), long enough that runs of them
// cross the scanner's 64-byte blocks as well as chunk boundaries.
const tricky = fc.string({ unit: fc.constantFrom('\\', '"', 'a', '}', '{', ']', '[', '\n', '\t', 'é'), maxLength: 90 });
const record = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(
    fc.string({ maxLength: 12 }),
    tricky,
    fc.integer(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 4 }), tricky)), {
      maxLength: 3,
    }),
  ),
);
// Small cuts exercise the byte-at-a-time tail, large ones the 64-byte blocks.
const cuts = fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 700 })), { maxLength: 200 });

describe('the CloudTrail record scanner (WebAssembly)', () => {
  it('yields exactly the records of {"Records":[...]} and of a bare array, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 12 }),
        cuts,
        fc.constantFrom(undefined, 2, '\t'), // pretty-printed with spaces or tabs: one line, one tab each
        (records, cuts, indent) => {
          const wrapped = JSON.stringify({ Records: records }, null, indent);
          expect(split(wrapped, 2, cuts).map((l) => JSON.parse(l) as unknown)).toEqual(records);
          const bare = JSON.stringify(records, null, indent);
          expect(split(bare, 1, cuts).map((l) => JSON.parse(l) as unknown)).toEqual(records);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps a minified record byte for byte', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), cuts, (records, cuts) => {
        expect(split(JSON.stringify({ Records: records }), 2, cuts)).toEqual(records.map((r) => JSON.stringify(r)));
      }),
      { numRuns: 300 },
    );
  });

  it('is not fooled by braces, brackets, quotes and backslashes inside strings', () => {
    const records = [{ a: '}{][', b: 'say "hi" \\', c: { d: ['}', '{'] } }, { e: '\\"}' }];
    const lines = split(JSON.stringify({ Records: records }), 2, [1, 2, 3, 5, 7, 11]);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(records);
  });

  it('reads runs of backslashes of every length at every place in a block', () => {
    for (let run = 1; run <= 130; run += 3)
      for (let shift = 0; shift < 64; shift += 5) {
        const records = [{ p: 'x'.repeat(shift), s: `${'\\'.repeat(run)}"}{`, t: '"' }, { u: 1 }];
        const text = JSON.stringify({ Records: records });
        for (const cut of [text.length, 64, 17])
          expect(split(text, 2, Array(200).fill(cut) as number[])).toEqual(records.map((r) => JSON.stringify(r)));
      }
  });

  it('holds a record longer than many chunks, and moves it forward as it grows', () => {
    const records = [{ big: 'y'.repeat(3_000_000) }, { small: 1 }, { big: 'z\\"'.repeat(700_000) }];
    const text = JSON.stringify({ Records: records });
    expect(split(text, 2, Array(100).fill(65_536) as number[])).toEqual(records.map((r) => JSON.stringify(r)));
  });
});
