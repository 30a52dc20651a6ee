import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Timeline } from '../../shared/methods/workspace';
import { ipv4Range } from '../../main/core/query/event-filter';
import { bucketSeconds } from '../../main/core/query/timeline';
import { brushWindow, frameOf, stackPaths, xOf } from '../../renderer/src/views/charts/stack';
import { StackedTimeline } from '../../renderer/src/views/charts/StackedTimeline';
import { timeTicks } from '../../renderer/src/views/charts/time-axis';
import { flattenJson } from '../../renderer/src/views/events/json-paths';
import { pathsFromUriList } from '../../renderer/src/views/home/DropZone';

const DAY = 86_400_000;
const tl: Timeline = {
  from: '2026-10-01T00:00:00.000Z',
  to: '2026-10-03T00:00:00.000Z',
  bucket_seconds: 3600,
  series: ['GetObject', 'PutObject', '(other)'],
  points: [
    { t: Date.parse('2026-10-01T00:00:00Z'), s: 0, n: 3 },
    { t: Date.parse('2026-10-01T00:00:00Z'), s: 1, n: 1 },
    { t: Date.parse('2026-10-02T12:00:00Z'), s: 2, n: 8 },
  ],
  total: 12,
};

describe('stacked timeline geometry', () => {
  it('stacks each bucket up to the busiest one at full height', () => {
    const f = frameOf(tl, 480, 100)!;
    const { paths, max } = stackPaths(tl, f);
    expect(max).toBe(8);
    expect(paths).toHaveLength(3);
    // GetObject (3 of 8) sits at the bottom of the first bar, PutObject (1 of 8) on top of it.
    expect(paths[0]).toMatch(/^M0\.0 62\.5h[\d.]+v37\.5/);
    expect(paths[1]).toMatch(/^M0\.0 50\.0h[\d.]+v12\.5/);
    expect(paths[2]).toMatch(/^M360\.0 0\.0h/);
  });

  it('a drag is a window snapped outward to whole buckets, a click is nothing', () => {
    const f = frameOf(tl, 480, 100)!;
    expect(brushWindow(f, 100, 101, 3600)).toBeNull();
    const w = brushWindow(f, 250, 125, 3600)!;
    expect(w.from).toBe('2026-10-01T12:00:00.000Z');
    expect(w.to).toBe('2026-10-02T01:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 480 }), fc.integer({ min: 0, max: 480 }), (a, b) => {
        const r = brushWindow(f, a, b, 3600);
        if (Math.abs(a - b) < 3) return r === null;
        const from = Date.parse(r!.from);
        const to = Date.parse(r!.to);
        return from % 3600e3 === 0 && to % 3600e3 === 0 && from < to && from >= f.from && to <= f.to + 3600e3;
      }),
    );
  });

  it('renders one path per series, a marker per finding and flag, and the total', () => {
    const html = renderToStaticMarkup(
      createElement(StackedTimeline, {
        timeline: tl,
        width: 480,
        testId: 't',
        onBrush: () => undefined,
        markers: [
          {
            kind: 'finding',
            id: 'f1',
            severity: 'high',
            title: 'StopLogging',
            at: '2026-10-02T00:00:00Z',
            until: null,
            actor_uid: null,
          },
          {
            kind: 'flag',
            id: '7',
            severity: 'low',
            title: 'look',
            at: '2026-10-01T06:00:00Z',
            until: '2026-10-01T09:00:00Z',
            actor_uid: null,
          },
          {
            kind: 'flag',
            id: '8',
            severity: 'low',
            title: 'outside',
            at: '2027-01-01T00:00:00Z',
            until: null,
            actor_uid: null,
          },
        ],
      }),
    );
    for (const s of tl.series) expect(html).toContain(`<title>${s}</title></path>`);
    expect(html).toContain('data-testid="marker-finding"');
    expect(html.match(/data-testid="marker-flag"/g)).toHaveLength(1);
    expect(html).toContain('data-total="12"');
    expect(html).toContain('data-testid="t-brush"');
    expect(html).toContain('1 h per bar');
  });

  it('ticks fall inside the range, at most as many as asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2e12 }),
        fc.integer({ min: 60e3, max: 400 * DAY }),
        fc.integer({ min: 2, max: 20 }),
        (from, span, n) => {
          const ticks = timeTicks(from, from + span, n);
          return ticks.length <= n + 1 && ticks.every((t) => t.t >= from && t.t <= from + span);
        },
      ),
    );
    expect(xOf(frameOf(tl, 480, 100)!, Date.parse('2026-10-02T00:00:00Z'))).toBe(240);
  });
});

describe('timeline buckets and CIDR ranges (core)', () => {
  it('never exceeds the buckets asked for, in widths a person reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 5 * 365 * DAY }), fc.integer({ min: 1, max: 4000 }), (span, n) => {
        const s = bucketSeconds(span, n);
        return Math.ceil(span / (s * 1000)) <= n && s >= 1;
      }),
    );
    expect(bucketSeconds(21 * DAY, 1000)).toBe(3600); // 1,814 s asked for: the next readable width
    expect(bucketSeconds(DAY, 1000)).toBe(120);
  });

  it('reads IPv4 CIDRs and refuses impossible ones', () => {
    expect(ipv4Range('10.1.2.3/8')).toEqual([10 * 2 ** 24, 11 * 2 ** 24 - 1]);
    expect(ipv4Range('192.168.1.7/32')).toEqual([3232235783, 3232235783]);
    expect(ipv4Range('0.0.0.0/0')).toEqual([0, 2 ** 32 - 1]);
    expect(ipv4Range('10.0.0.1')).toBeNull();
    expect(() => ipv4Range('300.0.0.0/8')).toThrow(/CIDR/);
    expect(() => ipv4Range('10.0.0.0/33')).toThrow(/CIDR/);
  });
});

describe('raw record paths', () => {
  it('gives every field the path a Sigma rule or jq would write', () => {
    const lines = flattenJson({
      userIdentity: { sessionContext: { sessionIssuer: { arn: 'a' } } },
      resources: [{ ARN: 'x' }],
      'odd key': 1,
    });
    expect(lines.map((l) => l.path)).toEqual([
      'userIdentity',
      'userIdentity.sessionContext',
      'userIdentity.sessionContext.sessionIssuer',
      'userIdentity.sessionContext.sessionIssuer.arn',
      'resources',
      'resources[0]',
      'resources[0].ARN',
      '["odd key"]',
    ]);
    expect(lines.find((l) => l.path === 'resources[0].ARN')).toMatchObject({ depth: 2, value: '"x"' });
  });

  it('stops at the line limit on huge records', () => {
    expect(flattenJson({ a: Array.from({ length: 10_000 }, (_, i) => i) }, 100)).toHaveLength(100);
  });
});

describe('dropped evidence', () => {
  it('takes local paths from a file manager’s URI list, ignoring comments and other schemes', () => {
    expect(pathsFromUriList('# comment\r\nfile:///tmp/a%20b.json.gz\r\nhttps://x/y\nfile:///var/logs/\n')).toEqual([
      '/tmp/a b.json.gz',
      '/var/logs/',
    ]);
  });
});
