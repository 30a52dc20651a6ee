/**
 * Cuts the middle out of `text` so it fits `maxWidth` as `measure` reckons it, keeping both ends: the start says
 * what kind of value it is, and the end is what tells two values apart (an ARN's name, an IP's last octet, a user
 * agent's version, a file name). The end gets 3 of every 5 characters kept.
 */
export function middleEllipsis(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const cut = (keep: number) => {
    const tail = Math.ceil((keep * 3) / 5);
    return text.slice(0, keep - tail) + '…' + text.slice(text.length - tail);
  };
  // The most characters kept that still fit (binary search: a longer cut is never narrower).
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(cut(mid)) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

const CACHE_LIMIT = 20_000;

/** Text widths for one CSS font, read from a canvas and remembered (rows re-render on every scroll). */
export function textMeasurer(font: string): (s: string) => number {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  if (ctx) ctx.font = font;
  return (s) => {
    let w = cache.get(s);
    if (w === undefined) {
      // Without a canvas (tests in Node) every character counts as one unit.
      w = ctx ? ctx.measureText(s).width : s.length;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(s, w);
    }
    return w;
  };
}
