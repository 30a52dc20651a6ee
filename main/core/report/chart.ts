import type { ChartData } from './content';
import { INK, MUTED, RULE, type ReportPdf } from './pdf-layout';

const BAR = '#3e7cb1';
const FAIL = '#c0392b';
const MARK = '#fde8c8';

const short = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * A vector bar chart of one identity's activity around a finding: one bar per time bucket (failures stacked in
 * red), the finding's own span shaded, the scale and both ends of the window labelled. Drawn with pdfkit paths.
 */
export function drawTimeline(pdf: ReportPdf, chart: ChartData, height = 90): void {
  const { doc } = pdf;
  pdf.ensure(height + 30);
  const x0 = pdf.left + 28;
  const w = pdf.width - 28;
  const top = doc.y + 4;
  const base = top + height;
  const lo = Date.parse(chart.from);
  const hi = Date.parse(chart.to);
  const xOf = (t: number) => x0 + ((t - lo) / (hi - lo)) * w;
  const max = Math.max(1, ...chart.buckets.map((b) => b.n));

  if (chart.mark_from) {
    const a = xOf(Date.parse(chart.mark_from));
    const b = Math.max(a + 2, xOf(Date.parse(chart.mark_to ?? chart.mark_from)));
    doc.rect(a, top, b - a, height).fill(MARK);
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
    const h = (b.n / max) * height;
    const fh = (b.failures / max) * height;
    const x = x0 + i * bw + bw * 0.1;
    doc.rect(x, base - h, bw * 0.8, h - fh).fill(BAR);
    if (fh > 0) doc.rect(x, base - fh, bw * 0.8, fh).fill(FAIL);
  });
  doc
    .moveTo(x0, base)
    .lineTo(x0 + w, base)
    .lineWidth(0.6)
    .strokeColor(INK)
    .stroke();
  doc.font('regular').fontSize(6.5).fillColor(MUTED);
  doc.text(String(max), pdf.left, top - 3, { width: 24, align: 'right', lineBreak: false });
  doc.text(String(Math.round(max / 2)), pdf.left, base - height / 2 - 3, {
    width: 24,
    align: 'right',
    lineBreak: false,
  });
  doc.text('0', pdf.left, base - 3, { width: 24, align: 'right', lineBreak: false });
  doc.text(`${short(chart.from)} UTC`, x0, base + 3, { width: 150, lineBreak: false });
  doc.text(`${short(chart.to)} UTC`, x0 + w - 150, base + 3, { width: 150, align: 'right', lineBreak: false });
  doc.text('events per bucket · failures in red · finding span shaded', x0 + w / 2 - 110, base + 3, {
    width: 220,
    align: 'center',
    lineBreak: false,
  });
  doc.x = pdf.left;
  doc.y = base + 16;
  doc.fillColor(INK).font('regular').fontSize(10);
}
