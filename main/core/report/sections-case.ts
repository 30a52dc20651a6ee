import type { AttachedFile } from './attachments';
import { EVIDENCE_FILE } from './manifest';
import { formatBytes } from '../../../shared/units';
import { severityRank, type ReportContent } from './content';
import { ACCENT, INK, MUTED, type ReportPdf } from './pdf-layout';
import { drawReconciliation } from './sections-reperform';

const day = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : '—');

export function drawCover(pdf: ReportPdf, c: ReportContent): void {
  const { doc } = pdf;
  const m = c.meta;
  doc.y = doc.page.height * 0.22;
  pdf.tags.leaf('P', () =>
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(MUTED)
      .text('TRAILMARK AUDIT REPORT', pdf.left, doc.y, { characterSpacing: 2 }),
  );
  doc.moveDown(0.6);
  pdf.tags.leaf('H1', () =>
    doc.font('bold').fontSize(26).fillColor(ACCENT).text(m.title, pdf.left, doc.y, { width: pdf.width }),
  );
  doc.moveDown(1.2).fillColor(INK);
  pdf.keyValues([
    ['Case', m.case_name],
    ['Investigator', m.investigator],
    ['Organization', m.organization ?? '—'],
    ['Period examined', `${day(m.period.from)} to ${day(m.period.to)}`],
    ['Report date', day(m.generated_at)],
    ['Trailmark version', m.version],
    ['Scope', scopeText(c)],
    ['Paper', m.paper],
  ]);
  doc.moveDown(2);
  pdf.para(
    (m.signed ? 'This report is a signed PDF. ' : 'This report is NOT signed: its contents cannot be verified. ') +
      'Its embedded manifest (manifest.json) lists the evidence hashes, the findings and ' +
      'the custody log head it was built from, with the SHA-256 of each attached file: findings.json (the findings, ' +
      'machine-readable), evidence-files.csv (every evidence file), custody-log.jsonl (the whole custody log) and ' +
      'query-pack.json (the query behind each table and finding, to re-perform with `trailmark verify --reperform`). ' +
      'Check it ' +
      'with `trailmark verify <file.pdf>` or any PAdES-aware reader.',
    { size: 8.5, color: MUTED },
  );
}

export function scopeText(c: ReportContent): string {
  const s = c.meta.scope;
  const parts = [
    s.actor_uids ? `identities: ${s.actor_uids.join(', ')}` : 'all identities',
    s.from || s.to ? `time: ${s.from ?? 'start'} to ${s.to ?? 'end'}` : 'whole time range',
    s.confirmed_only ? 'confirmed findings only' : 'confirmed, new and dismissed findings',
  ];
  return parts.join('; ');
}

export function drawSummary(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Executive summary');
  const s = c.summary;
  pdf.subheading('What the findings show');
  for (const p of s.narrative) pdf.para(p, { size: 9.5 });
  pdf.subheading('Investigator’s conclusion');
  if (c.conclusion)
    for (const p of c.conclusion.split(/\n\s*\n/)) pdf.para(p.replace(/\s*\n\s*/g, ' ').trim(), { size: 9.5 });
  else pdf.para('No conclusion was entered for this report.', { size: 9.5, color: MUTED });
  pdf.subheading('In figures');
  const status = (k: string) => s.findings.find((f) => f.status === k)?.count ?? 0;
  const total = s.findings.reduce((n, f) => n + f.count, 0);
  pdf.keyValues([
    ['Events examined', s.events.toLocaleString('en-US')],
    ['Evidence files', s.evidence_files.toLocaleString('en-US')],
    ['Identities', `${s.identities.machine} machine, ${s.identities.human} human, ${s.identities.unknown} unknown`],
    ['Findings', `${total} (${status('confirmed')} confirmed, ${status('new')} new, ${status('dismissed')} dismissed)`],
    ['By severity', s.severities.map((x) => `${x.severity} ${x.count}`).join(', ') || 'none'],
    [
      'Evidence re-check',
      `${c.rehash.checked} originals: ${c.rehash.match} unchanged, ${c.rehash.changed} changed, ${c.rehash.unreachable} unreachable`,
    ],
    ['Custody log', c.custody.ok ? `chain intact, ${c.custody.entries} entries` : `BROKEN: ${c.custody.problem}`],
  ]);
  const top = c.findings
    .filter((f) => f.status !== 'dismissed')
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.score - a.score)
    .slice(0, 10);
  pdf.subheading('Top findings (most severe first)');
  if (!top.length) pdf.para('No findings in scope.');
  else
    pdf.table(
      [
        { header: 'severity', width: 1 },
        { header: 'status', width: 1 },
        { header: 'identity', width: 2.4 },
        { header: 'finding', width: 4.6 },
      ],
      top.map((f) => [f.severity, f.status, f.actor_name ?? f.actor_uid ?? '—', f.title]),
      8.5,
    );
}

export function drawScope(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Scope');
  pdf.keyValues([
    ['Chosen scope', scopeText(c)],
    ['Time range', `${day(c.meta.period.from)} to ${day(c.meta.period.to)}`],
    ['Identities in scope', String(c.scope.identities_in_scope)],
  ]);
  pdf.subheading('Sources');
  pdf.table(
    [
      { header: 'source', width: 3 },
      { header: 'events', width: 1, align: 'right' },
    ],
    c.scope.sources.map((s) => [s.source, s.events.toLocaleString('en-US')]),
  );
  pdf.subheading('Accounts');
  pdf.table(
    [
      { header: 'account', width: 3, font: 'mono' },
      { header: 'events', width: 1, align: 'right' },
    ],
    c.scope.accounts.map((s) => [s.account_uid, s.events.toLocaleString('en-US')]),
  );
}

/** The longest folder all the paths share, so the evidence table can show paths relative to it. */
export function commonFolder(paths: string[]): string {
  if (!paths.length) return '';
  let prefix = paths[0]!;
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
  return cut > 0 ? prefix.slice(0, cut + 1) : '';
}

/** At most this many cited evidence files are listed one by one; all of them are in the attached list. */
export const EVIDENCE_ROWS_SHOWN = 150;

export function drawEvidence(pdf: ReportPdf, c: ReportContent, attached: AttachedFile[]): void {
  pdf.section('Evidence');
  const r = c.rehash;
  const full = attached.find((a) => a.name === EVIDENCE_FILE);
  const n = (v: number) => v.toLocaleString('en-US');
  const total = c.evidence_by_format.reduce(
    (t, f) => ({ records: t.records + f.records, loaded: t.loaded + f.loaded, bytes: t.bytes + f.bytes }),
    { records: 0, loaded: 0, bytes: 0 },
  );
  pdf.para(
    `${n(c.evidence.length)} evidence files (${formatBytes(total.bytes)}, ${n(total.records)} records, ` +
      `${n(total.loaded)} loaded). Re-hashing the ${n(r.checked)} originals (plain files and outer archives) still at ` +
      `their recorded paths: ${n(r.match)} unchanged, ${n(r.changed)} changed, ${n(r.unreachable)} unreachable. ` +
      'Members of an archive are checked through their archive ("via archive").',
  );
  if (full) {
    pdf.keyValues(
      [['Full evidence list', `attached as ${full.name} (${n(c.evidence.length)} rows, ${formatBytes(full.bytes)})`]],
      130,
    );
    pdf.keyValues([['SHA-256 of the list', full.sha256]], 130, { mono: true });
  }
  pdf.subheading('All evidence, by format');
  pdf.table(
    [
      { header: 'format', width: 2.4 },
      { header: 'files', width: 0.8, align: 'right' },
      { header: 'records', width: 1, align: 'right' },
      { header: 'loaded', width: 1, align: 'right' },
      { header: 'quarantined', width: 1, align: 'right' },
      { header: 'size', width: 0.9, align: 'right' },
    ],
    c.evidence_by_format.map((f) => [
      f.format,
      n(f.files),
      n(f.records),
      n(f.loaded),
      n(f.quarantined),
      formatBytes(f.bytes),
    ]),
    8,
  );
  drawReconciliation(pdf, c);
  const cited = c.evidence_cited;
  pdf.subheading('Evidence files holding cited events');
  if (!cited.length) return pdf.para('No finding in scope cites an event.', { color: MUTED });
  const shown = cited.slice(0, EVIDENCE_ROWS_SHOWN);
  pdf.para(
    `${n(cited.length)} files hold at least one event a finding in this report cites` +
      (shown.length < cited.length ? `; the first ${shown.length} are listed, the rest are in ${EVIDENCE_FILE}.` : '.'),
    { size: 9 },
  );
  const root = commonFolder(shown.map((e) => e.path));
  if (root) pdf.keyValues([['Paths relative to', root]], 110);
  pdf.table(
    [
      { header: '#', width: 0.45, align: 'right' },
      { header: 'file / ↳ path inside the archive', width: 3.45, font: 'mono' },
      { header: 'SHA-256', width: 3.0, font: 'mono' },
      { header: 'size', width: 0.9, align: 'right' },
      { header: 'format', width: 1.5 },
      { header: 'records', width: 0.8, align: 'right' },
      { header: 'quar.', width: 0.6, align: 'right' },
      { header: 're-check', width: 1.1 },
    ],
    shown.map((e) => [
      e.evidence_id,
      (e.path.slice(root.length) || e.path) + (e.member_path ? `\n↳ ${e.member_path}` : ''),
      e.sha256 ? `${e.sha256.slice(0, 32)}\n${e.sha256.slice(32)}` : '—',
      formatBytes(e.size),
      e.skipped_reason ? `${e.format} (skipped: ${e.skipped_reason})` : e.format,
      e.records,
      e.quarantined,
      e.recheck,
    ]),
    6,
  );
}

export function drawIntegrity(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Integrity');
  pdf.para(
    'CloudTrail log files checked against the digest files in the evidence (hashes and the digest chain), and hours ' +
      "in which a source, account and region fell silent where its own pattern says it should not. Gaps are a stream's " +
      'absence of events, so they cite no event: an outage, an export filter or logging that was stopped.',
  );
  for (const t of c.integrity) genericTable(pdf, t);
}

export function drawMethod(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Method');
  pdf.para(
    'Findings come from Trailmark detectors (baselines per identity) and Sigma rules compiled to SQL; each names ' +
      "its detector or rule, and a Sigma finding its rule's id and author. The SigmaHQ rules that ship with " +
      'Trailmark are from https://github.com/SigmaHQ/sigma, under the Detection Rule License 1.1. The tables below ' +
      'list what produced the findings in this case.',
  );
  genericTable(pdf, c.method.detectors);
  if (!c.method.analysis.length)
    pdf.para('No analysis-run records (rule versions, parameters, baseline window) are stored in this case.', {
      color: MUTED,
    });
  for (const run of c.method.analysis) {
    pdf.subheading(`Analysis run ${run.run_id}`);
    pdf.keyValues([
      ['Started', day(run.started_at)],
      ['Finished', day(run.finished_at)],
      ['Baseline learned until', day(run.baseline_until)],
      ['Findings stored', String(run.findings)],
    ]);
    pdf.table(
      [
        { header: 'parameter', width: 1.5 },
        { header: 'value', width: 3, font: 'mono' },
      ],
      run.parameters,
      8,
    );
    if (run.detectors.length)
      pdf.table(
        [
          { header: 'detector', width: 3 },
          { header: 'version', width: 0.8, align: 'right' },
          { header: 'signals', width: 0.8, align: 'right' },
        ],
        run.detectors.map((d) => [d.name, d.version, d.signals]),
        8,
      );
  }
  for (const t of c.method.runs) genericTable(pdf, t);
}

function genericTable(pdf: ReportPdf, t: ReportContent['integrity'][number]): void {
  pdf.subheading(t.name);
  if (!t.rows.length) return pdf.para('(no rows)', { color: MUTED });
  pdf.table(
    t.columns.map((h) => ({ header: h, width: 1 })),
    t.rows,
    6.5,
  );
  if (t.total > t.rows.length) pdf.para(`… ${t.total - t.rows.length} more rows in the case.`, { color: MUTED });
}

export function drawIdentities(pdf: ReportPdf, c: ReportContent): void {
  pdf.section('Identity inventory');
  pdf.para(
    'Every identity in scope, machine identities first: its name over its full id, its account, and the reason ' +
      'for its classification and any override.',
  );
  pdf.table(
    [
      { header: 'identity / full id', width: 3.2 },
      { header: 'account', width: 1.5, font: 'mono' },
      { header: 'category', width: 1.1 },
      { header: 'kind', width: 1.2 },
      { header: 'source', width: 0.9 },
      { header: 'events', width: 0.8, align: 'right' },
      { header: 'reason / override', width: 2.8 },
    ],
    c.identities,
    7,
  );
}
