import type { Timeline } from '../../../../shared/methods/workspace';

export interface Frame {
  from: number;
  to: number;
  width: number;
  height: number;
}

/** The time span a timeline covers, in epoch ms; null when it holds nothing. */
export function frameOf(tl: Timeline, width: number, height: number): Frame | null {
  if (!tl.from || !tl.to || width <= 0) return null;
  const from = Date.parse(tl.from);
  const to = Math.max(Date.parse(tl.to), from + tl.bucket_seconds * 1000);
  return { from, to, width, height };
}

export const xOf = (f: Frame, t: number) => ((t - f.from) / (f.to - f.from)) * f.width;
export const tOf = (f: Frame, x: number) => f.from + (Math.min(f.width, Math.max(0, x)) / f.width) * (f.to - f.from);

/**
 * One SVG path per series, bars stacked in series order, every bar a closed rectangle sub-path: a thousand
 * buckets times a few series draw as a handful of elements instead of thousands of <rect>s.
 */
export function stackPaths(tl: Timeline, f: Frame): { paths: string[]; max: number } {
  const bucketMs = tl.bucket_seconds * 1000;
  const byBucket = new Map<number, number[]>();
  for (const p of tl.points) {
    let row = byBucket.get(p.t);
    if (!row) byBucket.set(p.t, (row = new Array<number>(tl.series.length).fill(0)));
    row[p.s] = (row[p.s] ?? 0) + p.n;
  }
  let max = 0;
  for (const row of byBucket.values())
    max = Math.max(
      max,
      row.reduce((a, n) => a + n, 0),
    );
  const paths = tl.series.map(() => '');
  if (max === 0) return { paths, max };
  const w = Math.max(1, xOf(f, f.from + bucketMs) - 0.5);
  for (const [t, row] of byBucket) {
    const x = xOf(f, t);
    let y = f.height;
    row.forEach((n, s) => {
      if (!n) return;
      const h = (n / max) * f.height;
      y -= h;
      paths[s] += `M${x.toFixed(1)} ${y.toFixed(1)}h${w.toFixed(1)}v${h.toFixed(1)}h${(-w).toFixed(1)}Z`;
    });
  }
  return { paths, max };
}

/** A drag from x0 to x1 (either way) as a time window snapped outward to whole buckets; null for a click. */
export function brushWindow(
  f: Frame,
  x0: number,
  x1: number,
  bucketSeconds: number,
): { from: string; to: string } | null {
  if (Math.abs(x1 - x0) < 3) return null;
  const ms = Math.max(1000, bucketSeconds * 1000);
  const a = Math.floor(tOf(f, Math.min(x0, x1)) / ms) * ms;
  const b = Math.ceil(tOf(f, Math.max(x0, x1)) / ms) * ms;
  return { from: new Date(a).toISOString(), to: new Date(Math.max(b, a + ms)).toISOString() };
}
