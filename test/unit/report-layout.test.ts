import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartAlt, timeTicks } from '../../main/core/report/chart';
import { chartWindow } from '../../main/core/report/gather-findings';
import { hardWrap } from '../../main/core/report/pdf-layout';
import { wrapAtTokens } from '../../main/core/report/wrap';
import { commonFolder } from '../../main/core/report/sections-case';

describe('report layout helpers', () => {
  it('hardWrap cuts monospaced text to the width and loses nothing but spaces at a break', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 20, max: 500 }), (text, width) => {
        const wrapped = hardWrap(text, width, 6);
        const per = Math.max(4, Math.floor(width / (6 * (1233 / 2048))));
        expect(wrapped.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(per);
      }),
    );
  });

  it('wrapAtTokens ends lines at token boundaries: ARNs, hostnames, paths, JSON', () => {
    const chars = (t: string) => t.length;
    expect(wrapAtTokens('secretsmanager.amazonaws.com', 16, chars)).toEqual(['secretsmanager.', 'amazonaws.com']);
    expect(wrapAtTokens('arn:aws:iam::111122223333:role/github-actions-deploy', 30, chars)).toEqual([
      'arn:aws:iam::111122223333:',
      'role/github-actions-deploy',
    ]);
    expect(wrapAtTokens('{"bucketName":"prod-data","key":"a/b.csv"}', 20, chars)).toEqual([
      '{"bucketName":"prod-',
      'data","key":"a/b.',
      'csv"}',
    ]);
    // Only a piece longer than a whole line is cut, and only where it must be.
    expect(wrapAtTokens('abcdefghij.k', 4, chars)).toEqual(['abcd', 'efgh', 'ij.k']);
    expect(wrapAtTokens('two words\nkept', 40, chars)).toEqual(['two words', 'kept']);
  });

  it('wrapAtTokens never breaks a token where a break point fits, and fits every line', () => {
    const token = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(token, fc.constantFrom('/', ':', '.', '-', ',', ' ')), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 10, max: 60 }),
        (parts, width) => {
          const text = parts.map(([t, sep]) => t + sep).join('');
          const lines = wrapAtTokens(text, width, (t) => t.length);
          expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
          // Every token fits a line, so each alphanumeric run on a line is a whole token: none was cut.
          const words = new Set(parts.map(([t]) => t));
          for (const line of lines) {
            expect(line.length).toBeLessThanOrEqual(width);
            for (const run of line.split(/[^a-z0-9]+/)) if (run) expect(words.has(run), `${run} in ${line}`).toBe(true);
          }
        },
      ),
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

  it('chart time ticks fall on whole UTC hours or days inside the window, at most eight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') }),
        fc.integer({ min: 3_600_000, max: 90 * 86_400_000 }),
        (lo, span) => {
          const { step, ticks } = timeTicks(lo, lo + span);
          expect(ticks.length).toBeGreaterThan(0);
          expect(ticks.length).toBeLessThanOrEqual(9);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(lo);
            expect(t).toBeLessThanOrEqual(lo + span);
            expect(t % step).toBe(0);
            expect(t % 3_600_000).toBe(0);
          }
        },
      ),
    );
    const w = chartWindow('2026-10-17T13:11:00Z', '2026-10-17T13:13:00Z');
    expect(timeTicks(w.lo, w.hi).step).toBe(12 * 3_600_000);
  });

  it("a chart's alt text gives the identity, the window, the counts, the busiest bar and the finding's span", () => {
    const chart = {
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-01T04:00:00.000Z',
      buckets: [
        { n: 3, failures: 0 },
        { n: 0, failures: 0 },
        { n: 12, failures: 2 },
        { n: 1, failures: 1 },
      ],
      mark_from: '2026-10-01T02:00:00.000Z',
      mark_to: '2026-10-01T02:45:00.000Z',
      evidence: [0, 0, 5, 1],
    };
    expect(chartAlt(chart, 'ci-deploy')).toBe(
      'Bar chart of the activity of ci-deploy from 2026-10-01 00:00 to 2026-10-01 04:00 UTC, one bar per 60 ' +
        'minutes: 16 events, 3 failures, the busiest bar 12 events at 2026-10-01 02:00 UTC. ' +
        "The finding's span, 2026-10-01 02:00 to 2026-10-01 02:45 UTC, is shaded. " +
        '6 evidence events of the finding marked under the axis.',
    );
    const quiet = { ...chart, buckets: chart.buckets.map(() => ({ n: 0, failures: 0 })), mark_from: null };
    expect(chartAlt({ ...quiet, evidence: [0, 0, 0, 1] }, 'x')).toMatch(/: 0 events, 0 failures\. 1 evidence event of/);
  });
});
