import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transcodeUtf16 } from '../../main/core/ingest/transcode';
import { tempDir } from '../helpers/paths';

const encode = (text: string, be: boolean) => {
  const le = Buffer.from(text, 'utf16le');
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};

describe('UTF-16 to UTF-8 transcoding while staging', () => {
  it('gives back the same text, without the BOM, for any well-formed string, either byte order, gzip or not', async () => {
    const dir = await tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.boolean(),
        fc.boolean(),
        async (text, be, gz) => {
          const src = path.join(dir, `s${++n}`);
          const raw = encode(text, be);
          await writeFile(src, gz ? gzipSync(raw) : raw);
          const out = path.join(dir, `o${n}`);
          const r = await transcodeUtf16(
            src,
            gz,
            be ? 'utf-16be' : 'utf-16le',
            out,
            2 ** 20,
            new AbortController().signal,
          );
          expect((await readFile(out)).toString('utf8')).toBe(text);
          expect(r.note).toBe(`transcoded from ${be ? 'UTF-16BE' : 'UTF-16LE'} to UTF-8 for reading`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('replaces unpaired surrogates, says how many, and stops at the size limit', async () => {
    const dir = await tempDir();
    const src = path.join(dir, 'bad');
    await writeFile(
      src,
      Buffer.concat([encode('{"a":"x', false), Buffer.from([0x00, 0xd8]), Buffer.from('"}', 'utf16le')]),
    );
    const r = await transcodeUtf16(src, false, 'utf-16le', path.join(dir, 'out'), 1000, new AbortController().signal);
    expect(r.note).toMatch(/1 invalid sequence\(s\) replaced with U\+FFFD/);
    await expect(
      transcodeUtf16(src, false, 'utf-16le', path.join(dir, 'small'), 4, new AbortController().signal),
    ).rejects.toThrow(/expands past 4 bytes/);
  });
});
