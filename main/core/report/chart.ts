import type { ChartData } from './content';
import { INK, MUTED, RULE, type ReportPdf } from './pdf-layout';

const BAR = '#3e7cb1';
const FAIL = '#c0392b';
const MARK = '#fbd7a1';
const MARK_EDGE = '#d68910';
const EVIDENCE = '#8e1b1b';

const HOUR = 3_600_000;
/** Tick spacings a reader counts in; the first that gives at most eight ticks across the window is used. */
const STEPS = [
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  48 * HOUR,
  7 * 24 * HOUR,
  14 * 24 * HOUR,
  30 * 24 * HOUR,
];

/** Tick times (UTC, on whole multiples of the step) inside [lo, hi], at most eight. */
export function timeTicks(lo: number, hi: number): { step: number; ticks: number[] } {
  const step = STEPS.find((s) => (hi - lo) / s <= 8) ?? Math.ceil((hi - lo) / 8 / (24 * HOUR)) * 24 * HOUR;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return { step, ticks };
}

const tickLabel = (t: number, step: number) => {
  const iso = new Date(t).toISOString();
  return step >= 24 * HOUR ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
};

/**
 * The chart's alt text: what a reader who cannot see it needs from it, the identity, the window and bar width,
 * the counts (events, failures, the busiest bar), the finding's shaded span and how many of its evidence events
 * the marks stand for.
 */
export function chartAlt(chart: ChartData, identity: string): string {
  const lo = Date.parse(chart.from);
  const hi = Date.parse(chart.to);
  const total = chart.buckets.reduce((s, b) => s + b.n, 0);
  const failures = chart.buckets.reduce((s, b) => s + b.failures, 0);
  const busiest = chart.buckets.reduce((best, b, i) => (b.n > chart.buckets[best]!.n ? i : best), 0);
  const width = (hi - lo) / Math.max(1, chart.buckets.length);
  const evidence = chart.evidence.reduce((s, n) => s + n, 0);
  const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
  const parts = [
    `Bar chart of the activity of ${identity} from ${short(chart.from)} to ${short(chart.to)} UTC, ` +
      `one bar per ${bucketText(width)}: ${count(total, 'event')}, ${count(failures, 'failure')}` +
      (total
        ? `, the busiest bar ${count(chart.buckets[busiest]!.n, 'event')} at ${short(new Date(lo + busiest * width).toISOString())} UTC.`
        : '.'),
  ];
  if (chart.mark_from)
    parts.push(
      `The finding's span, ${short(chart.mark_from)} to ${short(chart.mark_to ?? chart.mark_from)} UTC, is shaded.`,
    );
  parts.push(`${count(evidence, 'evidence event')} of the finding marked under the axis.`);
  return parts.join(' ');
}

/**
 * A vector bar chart of one identity's activity around a finding: one bar per time bucket (failures stacked in
 * red), the finding's own span shaded and edged, its evidence events marked under the axis, a time axis with ticks
 * and UTC labels. Drawn with pdfkit paths, as one Figure with its alt text (chartAlt).
 */
export function drawTimeline(pdf: ReportPdf, chart: ChartData, alt: string, height = 90): void {
  const { doc } = pdf;
  pdf.ensure(height + 48);
  const top = doc.y + 4;
  pdf.figure(alt, { x: pdf.left, y: top - 4, width: pdf.width, height: height + 36 }, () =>
    paintTimeline(pdf, chart, top, height),
  );
  doc.x = pdf.left;
  doc.y = top + height + 32;
  doc.fillColor(INK).font('regular').fontSize(10);
}

function paintTimeline(pdf: ReportPdf, chart: ChartData, top: number, height: number): void {
  const { doc } = pdf;
  const x0 = pdf.left + 28;
  const w = pdf.width - 28;
  const base = top + height;
  const lo = Date.parse(chart.from);
  const hi = Date.parse(chart.to);
  const xOf = (t: number) => x0 + ((t - lo) / (hi - lo)) * w;
  const max = Math.max(1, ...chart.buckets.map((b) => b.n));

  if (chart.mark_from) {
    const a = xOf(Date.parse(chart.mark_from));
    // At least one bar wide: a span of minutes in a window of days would otherwise be a hairline.
    const b = Math.max(a + w / chart.buckets.length, xOf(Date.parse(chart.mark_to ?? chart.mark_from)));
    doc.rect(a, top, b - a, height).fill(MARK);
    doc.lineWidth(0.8).strokeColor(MARK_EDGE);
    for (const x of [a, b]) doc.moveTo(x, top).lineTo(x, base).dash(2, { space: 1.5 }).stroke();
    doc.undash();
  }
  doc.lineWidth(0.3).strokeColor(RULE);
  for (const f of [0.5, 1])
    doc
      .moveTo(x0, base - f * height)
      .lineTo(x0 + w, base - f * height)
      .stroke();
  const bw = w / chart.buckets.length;
  chart.buckets.forEach((b, i) => {
    if (!b.n) return;
    // At least a visible sliver: a bucket with one event beside one with hundreds must still show.
    const h = Math.max(1.2, (b.n / max) * height);
    const fh = b.failures ? Math.max(1.2, (b.failures / max) * height) : 0;
    const x = x0 + i * bw + bw * 0.1;
    if (h - fh > 0) doc.rect(x, base - h, bw * 0.8, h - fh).fill(BAR);
    if (fh > 0) doc.rect(x, base - fh, bw * 0.8, fh).fill(FAIL);
  });
  doc
    .moveTo(x0, base)
    .lineTo(x0 + w, base)
    .lineWidth(0.6)
    .strokeColor(INK)
    .stroke();
  // The finding's own evidence events: a dark triangle under each bucket that holds any.
  chart.evidence.forEach((n, i) => {
    if (!n) return;
    const cx = x0 + (i + 0.5) * bw;
    doc.polygon([cx, base + 1.5], [cx - 3, base + 6.5], [cx + 3, base + 6.5]).fill(EVIDENCE);
  });
  const { step, ticks } = timeTicks(lo, hi);
  doc.font('regular').fontSize(6.5).fillColor(MUTED);
  let lastRight = -Infinity;
  for (const t of ticks) {
    const x = xOf(t);
    doc
      .moveTo(x, base + 7)
      .lineTo(x, base + 10)
      .lineWidth(0.5)
      .strokeColor(INK)
      .stroke();
    const label = tickLabel(t, step);
    const lw = doc.widthOfString(label);
    const lx = Math.min(Math.max(x - lw / 2, x0 - 10), x0 + w - lw);
    if (lx < lastRight + 4) continue;
    doc.text(label, lx, base + 11, { lineBreak: false });
    lastRight = lx + lw;
  }
  doc.text(String(max), pdf.left, top - 3, { width: 24, align: 'right', lineBreak: false });
  doc.text(String(Math.round(max / 2)), pdf.left, base - height / 2 - 3, {
    width: 24,
    align: 'right',
    lineBreak: false,
  });
  doc.text('0', pdf.left, base - 3, { width: 24, align: 'right', lineBreak: false });
  const span = `${short(chart.from)} to ${short(chart.to)} UTC`;
  doc.text(
    `${span} · events per ${bucketText((hi - lo) / chart.buckets.length)} · failures in red · finding span shaded · ` +
      '▲ its evidence events',
    x0,
    base + 21,
    { width: w, align: 'center', lineBreak: false },
  );
}

const short = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function bucketText(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 120 ? `${min} minutes` : `${(min / 60).toFixed(min % 60 ? 1 : 0)} hours`;
}
