import type { AttachedFile } from './attachments';
import { CUSTODY_FILE } from './manifest';
import { chartAlt, drawTimeline } from './chart';
import { formatBytes } from '../../../shared/units';
import type { FindingItem, ReportContent } from './content';
import { INK, MUTED, type ReportPdf } from './pdf-layout';
import { drawQueryPack } from './sections-reperform';

const SEVERITY_COLOR: Record<string, string> = {
  critical: '#8e1b1b',
  high: '#c0392b',
  medium: '#d68910',
  low: '#2e86c1',
  info: '#616e7c',
};
const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—');

/** The machine-readable findings: the shape of `trailmark findings --json`, plus their lifecycle status. */
export function findingsJson(findings: FindingItem[]): object[] {
  return findings.map((f) => ({
    id: f.id,
    detector: f.detector,
    severity: f.severity,
    score: f.score,
    actor_uid: f.actor_uid,
    start: f.start,
    end: f.end,
    title: f.title,
    explanation: f.explanation,
    event_uids: f.event_uids,
    status: f.status,
    status_note: f.status_note,
  }));
}

/** One finding, as a Sect of its own: its heading (H3 under a group heading, H2 when it stands alone), the line
 * of facts, its explanation, evidence, credential chain and chart. */
function drawFinding(pdf: ReportPdf, f: FindingItem, n: number, heading: 'H2' | 'H3'): void {
  const { doc } = pdf;
  pdf.ensure(f.chart ? 230 : 110);
  doc.moveDown(0.5);
  const y = doc.y;
  pdf.tags.within('Sect', () => {
    pdf.tags.artifact(() => doc.rect(pdf.left, y, 4, 28).fill(SEVERITY_COLOR[f.severity] ?? MUTED));
    pdf.tags.leaf(heading, () =>
      doc
        .font('bold')
        .fontSize(11)
        .fillColor(INK)
        .text(`${n}. ${f.title}`, pdf.left + 10, y, { width: pdf.width - 10 }),
    );
    pdf.tags.leaf('P', () => {
      doc.font('regular').fontSize(8).fillColor(MUTED);
      doc.text(
        `${f.severity.toUpperCase()} · score ${f.score} · ${f.status}${f.status_note ? ` (${f.status_note})` : ''} · ` +
          `${f.detector} · ${f.actor_name ?? f.actor_uid ?? 'no identity'} · ${when(f.start)} to ${when(f.end)} UTC · id ${f.id}`,
        pdf.left + 10,
        doc.y,
        { width: pdf.width - 10 },
      );
    });
    doc.y = Math.max(doc.y, y + 30);
    pdf.para(f.explanation, { size: 9.5 });
    if (f.excerpts.length)
      pdf.table(
        [
          { header: 'time (UTC)', width: 1.5, font: 'mono' },
          { header: 'operation', width: 1.9 },
          { header: 'service', width: 2.4 },
          { header: 'source IP', width: 1.2, font: 'mono' },
          { header: 'outcome', width: 0.8 },
        ],
        f.excerpts.map((e) => [when(e.time), e.operation, e.service, e.ip, e.outcome]),
        7,
      );
    if (f.event_uids.length > f.excerpts.length)
      pdf.para(`${f.event_uids.length} evidence events in all; the first ${f.excerpts.length} are shown.`, {
        size: 7.5,
        color: MUTED,
      });
    if (f.lineage.length) drawChain(pdf, f);
    if (f.chart) drawTimeline(pdf, f.chart, chartAlt(f.chart, f.actor_name ?? f.actor_uid ?? 'no identity'));
  });
}

/** The identity's credential chain: each hop with its kind, both ends, its use and the issuing record's event id. */
function drawChain(pdf: ReportPdf, f: FindingItem): void {
  pdf.para("Credential chain (who obtained this identity's credentials; what it issued or created):", { size: 8 });
  pdf.table(
    [
      { header: 'hop', width: 0.8 },
      { header: 'kind', width: 1.6 },
      { header: 'from', width: 2.4, font: 'mono' },
      { header: 'to', width: 2.2, font: 'mono' },
      { header: 'issued (UTC)', width: 1.5, font: 'mono' },
      { header: 'uses', width: 0.6 },
      { header: 'issuing event', width: 1.9, font: 'mono' },
    ],
    f.lineage.map((l) => [
      `${l.direction} ${l.depth}`,
      `${l.kind}${l.issuances > 1 ? ` ×${l.issuances}` : ''}`,
      l.parent_name && l.parent_name !== l.parent_uid ? `${l.parent_name} (${l.parent_uid})` : l.parent_uid,
      l.child_uid ?? '—',
      when(l.first_issued),
      String(l.use_count),
      l.issue_event_uids[0] ?? '—',
    ]),
    7,
  );
}

export function drawFindings(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Findings');
  const open = c.findings.filter((f) => f.status !== 'dismissed');
  const charted = open.filter((f) => f.chart).length;
  pdf.para(
    `${open.length} findings in scope, confirmed first, then new; by severity, then score. Each gives its detector, ` +
      `its explanation, the first evidence events and${charted < open.length ? ` (for the first ${charted})` : ''} a ` +
      `timeline of the identity around it. Dismissed findings are listed in an appendix.`,
  );
  if (!open.length) pdf.para('No findings in scope.', { color: MUTED });
  let group = '';
  open.forEach((f, i) => {
    if (f.status !== group) {
      group = f.status;
      pdf.subheading(
        group === 'confirmed' ? 'Confirmed findings' : group === 'new' ? 'New (not yet reviewed)' : group,
        true,
      );
    }
    drawFinding(pdf, f, i + 1, 'H3');
  });
}

export function drawAnnotations(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Flags and notes');
  if (!c.annotations.length) return pdf.para('No flags or notes were recorded in this case.', { color: MUTED });
  pdf.table(
    [
      { header: 'recorded (UTC)', width: 1.9 },
      { header: 'kind', width: 0.7 },
      { header: 'on (time, identity, operation)', width: 2.8 },
      { header: 'severity', width: 0.9 },
      { header: 'tags', width: 1.1 },
      { header: 'note', width: 4.4 },
      { header: 'by', width: 0.9 },
    ],
    c.annotations.map((r) => r.map((v, i) => (i === 0 ? when(v as string) : v))),
    7,
  );
}

export function drawCustody(pdf: ReportPdf, c: ReportContent, attached: AttachedFile[]): void {
  pdf.section('Custody log');
  const k = c.custody;
  const full = attached.find((a) => a.name === CUSTODY_FILE);
  pdf.keyValues([
    ['Chain', k.ok ? 'intact (every line holds the SHA-256 of the line before)' : `BROKEN: ${k.problem}`],
    ['Entries', k.entries.toLocaleString('en-US')],
    ...(full ? ([['Full log', `attached as ${full.name} (${formatBytes(full.bytes)})`]] as [string, string][]) : []),
  ]);
  pdf.keyValues(
    [['Head hash', k.head ?? '—'], ...(full ? ([['SHA-256 of the log', full.sha256]] as [string, string][]) : [])],
    150,
    { mono: true },
  );
  pdf.subheading('Entries by action');
  pdf.table(
    [
      { header: 'action', width: 2 },
      { header: 'entries', width: 1, align: 'right' },
      { header: 'first (UTC)', width: 1.8 },
      { header: 'last (UTC)', width: 1.8 },
    ],
    k.by_action.map((a) => [a.action, a.entries.toLocaleString('en-US'), when(a.first), when(a.last)]),
    8,
  );
  pdf.subheading(k.rows.length < k.entries ? `The latest ${k.rows.length} entries` : 'Entries');
  pdf.table(
    [
      { header: '#', width: 0.5, align: 'right' },
      { header: 'at (UTC)', width: 1.6 },
      { header: 'action', width: 1.4 },
      { header: 'by', width: 1.2 },
      { header: 'detail', width: 5, font: 'mono' },
    ],
    k.rows.map((r) => r.map((v, i) => (i === 1 ? when(v as string) : v))),
    6.5,
  );
}

/** Appendices are lettered in the order they appear, so the letters run A, B, … whatever is left out. */
export function drawAppendix(
  pdf: ReportPdf,
  c: ReportContent,
  attached: AttachedFile[],
  includeDismissed: boolean,
): void {
  const letters = 'ABCDEFGH';
  let next = 0;
  const title = (name: string) => `Appendix ${letters[next++]}: ${name}`;
  const dismissed = c.findings.filter((f) => f.status === 'dismissed');
  if (includeDismissed && dismissed.length) {
    pdf.section(title('dismissed findings'));
    dismissed.forEach((f, i) => drawFinding(pdf, f, i + 1, 'H2'));
  }
  pdf.section(title('re-performing the figures'), { sharePage: true });
  drawQueryPack(pdf, c);
  pdf.section(title('embedded files'), { sharePage: true });
  pdf.para(
    'These files are attached to this PDF (any PDF reader lists them; `pdfdetach -saveall` extracts them). Each ' +
      'holds in full what the body summarises. The attached manifest.json lists each with the SHA-256 below and is ' +
      'itself covered by the signature.',
    { size: 9 },
  );
  pdf.table(
    [
      { header: 'file', width: 1.6, font: 'mono' },
      { header: 'what it holds', width: 3.2 },
      { header: 'size', width: 0.8, align: 'right' },
      { header: 'SHA-256', width: 3.2, font: 'mono' },
    ],
    attached.map((a) => [
      a.name,
      a.description,
      formatBytes(a.bytes),
      `${a.sha256.slice(0, 32)}\n${a.sha256.slice(32)}`,
    ]),
    7,
  );
}
