import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from '../../main/core/ingest/limits';
import { parseSize } from '../../shared/units';
import { utf16Bom } from '../../main/core/ingest/transcode';

describe('ingest limits', () => {
  it('parses sizes with SI and IEC units', () => {
    expect(parseSize('16GiB')).toBe(16 * 2 ** 30);
    expect(parseSize('500MB')).toBe(500e6);
    expect(parseSize('1.5 KiB')).toBe(1536);
    expect(parseSize('1048576')).toBe(2 ** 20);
    expect(parseSize('2tib')).toBe(2 * 2 ** 40);
  });

  it('refuses what is not a size, saying what it got', () => {
    for (const bad of ['', 'GiB', '-1MB', '12 parsecs', '0', '1e3'])
      expect(() => parseSize(bad), bad).toThrow(/is not a size/);
  });

  it('round-trips any whole number of bytes and of MiB', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (n) => parseSize(String(n)) === n));
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 20 }), (n) => parseSize(`${n}MiB`) === n * 2 ** 20));
  });

  it('keeps the defaults for what the caller leaves out', () => {
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ max_ratio: 20, max_depth: 0 })).toEqual({ ...DEFAULT_LIMITS, maxRatio: 20, maxDepth: 0 });
  });

  it('recognises UTF-16 by its byte-order mark only', () => {
    expect(utf16Bom(Buffer.from([0xff, 0xfe, 0x7b, 0]))).toBe('utf-16le');
    expect(utf16Bom(Buffer.from([0xfe, 0xff, 0, 0x7b]))).toBe('utf-16be');
    expect(utf16Bom(Buffer.from('{"Records"'))).toBeNull();
    expect(utf16Bom(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]))).toBeNull(); // UTF-8 BOM: DuckDB reads it as is
  });
});
