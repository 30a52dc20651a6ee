import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartWindow } from '../../main/core/report/gather-findings';
import { hardWrap } from '../../main/core/report/pdf-layout';
import { commonFolder } from '../../main/core/report/sections-case';

describe('report layout helpers', () => {
  it('hardWrap cuts monospaced text to the width and loses no character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 20, max: 500 }), (text, width) => {
        const wrapped = hardWrap(text, width, 6);
        const per = Math.max(4, Math.floor(width / (6 * (1233 / 2048))));
        expect(wrapped.replaceAll('\n', '')).toBe(text.replaceAll('\n', ''));
        for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(per);
      }),
    );
  });

  it('commonFolder finds the shared folder of evidence paths', () => {
    expect(commonFolder(['/a/b/c.json', '/a/b/d/e.json'])).toBe('/a/b/');
    expect(commonFolder(['/a/bc.json', '/a/bd.json'])).toBe('/a/');
    expect(commonFolder(['x.json'])).toBe('');
    expect(commonFolder([])).toBe('');
  });

  it('a chart window holds the finding with room either side, at least three days', () => {
    const w = chartWindow('2026-01-10T00:00:00Z', '2026-01-10T01:00:00Z');
    expect(w.hi - w.lo).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(w.lo).toBeLessThan(Date.parse('2026-01-10T00:00:00Z'));
    const long = chartWindow('2026-01-01T00:00:00Z', '2026-01-11T00:00:00Z');
    expect(long.hi - long.lo).toBe(30 * 86_400_000);
  });
});
