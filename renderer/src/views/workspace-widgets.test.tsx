import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Marker, Timeline } from '../../../shared/methods/workspace';
import { brushWindow, frameOf, stackPaths, xOf } from './charts/stack';
import { StackedTimeline } from './charts/StackedTimeline';
import { timeTicks } from './charts/time-axis';
import { flattenJson } from './events/json-paths';
import { pathsFromUriList } from './home/DropZone';
import { SearchIndexBadge } from './EventSearch';

// Component tests for the tricky widgets: the timeline's geometry and brush, raw-record paths, dropped files.
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
    const markers: Marker[] = [
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
    ];
    const html = renderToStaticMarkup(
      <StackedTimeline timeline={tl} width={480} testId="t" onBrush={() => undefined} markers={markers} />,
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

describe('search index badge', () => {
  it('shows how far the index is while it is built, and nothing once it is ready', () => {
    const at = (state: 'ready' | 'building' | 'waiting' | 'failed', done: number, error: string | null = null) =>
      renderToStaticMarkup(<SearchIndexBadge index={{ state, done, total: 2000, error }} />);
    expect(at('building', 900)).toContain('indexing 45%');
    expect(at('waiting', 0)).toContain('indexing 0%');
    expect(at('failed', 10, 'disk full')).toContain('index failed');
    expect(at('failed', 10, 'disk full')).toContain('disk full');
    expect(at('ready', 2000)).toBe('');
  });
});
