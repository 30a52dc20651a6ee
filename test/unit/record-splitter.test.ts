import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordSplitter } from '../../main/core/ingest/cloudtrail/split-records';

/**
 * Runs the splitter over `text` cut into the given chunk sizes and returns the records of its output lines, after
 * checking that each line is `index<TAB>record` with one tab and the indexes count from 0.
 */
async function split(text: string, depth: number, cuts: number[]): Promise<string[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of cuts) {
    if (at >= bytes.length) break;
    chunks.push(bytes.subarray(at, at + c));
    at += c;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  const out: Buffer[] = [];
  const splitter = new RecordSplitter(depth);
  splitter.on('data', (b: Buffer) => out.push(b));
  await pipeline(Readable.from(chunks), splitter);
  const lines = Buffer.concat(out).toString('utf8').split('\n').filter(Boolean);
  expect(lines.map((l) => l.split('\t').length)).toEqual(lines.map(() => 2));
  expect(lines.map((l) => Number(l.split('\t')[0]))).toEqual(lines.map((_, i) => i));
  expect(splitter.records).toBe(lines.length);
  const records = lines.map((l) => l.split('\t')[1]!);
  expect(splitter.longest).toBe(Math.max(0, ...records.map((r) => Buffer.byteLength(r))));
  return records;
}

const record = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(
    fc.string({ maxLength: 12 }),
    // Runs of backslashes and quotes, so escapes fall on every side of a chunk boundary.
    fc.string({ unit: fc.constantFrom('\\', '"', 'a', '}', '{', '\n'), maxLength: 16 }),
    fc.integer(),
    fc.constant(null),
    fc.array(
      fc.oneof(fc.string({ maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 }))),
      { maxLength: 3 },
    ),
  ),
);

describe('the byte-level CloudTrail record splitter', () => {
  it('yields exactly the records of {"Records":[...]} and of a bare array, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 200 }),
        fc.constantFrom(undefined, 2, '\t'), // pretty-printed with spaces or tabs: one line, one tab each
        async (records, cuts, indent) => {
          const wrapped = JSON.stringify({ Records: records }, null, indent);
          const lines = await split(wrapped, 2, cuts);
          expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(records);
          const bare = JSON.stringify(records, null, indent);
          expect((await split(bare, 1, cuts)).map((l) => JSON.parse(l) as unknown)).toEqual(records);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is not fooled by braces, brackets, quotes and backslashes inside strings', async () => {
    const records = [{ a: '}{][', b: 'say "hi" \\', c: { d: ['}', '{'] } }, { e: '\\"}' }];
    const lines = await split(JSON.stringify({ Records: records }), 2, [1, 2, 3, 5, 7, 11]);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(records);
  });
});
