/**
 * The re-performance appendix: the reconciliation of every source (records seen = loaded + quarantined), then each
 * query the report was printed from with its SQL, bound parameters, population and count, and the hash of its rows.
 * The same records are embedded as query-pack.json; `trailmark verify REPORT --case CASE --reperform` re-runs them.
 */
import type { ReportContent } from './content';
import { QUERY_PACK_FILE } from './manifest';
import { MUTED, type ReportPdf } from './pdf-layout';

const n = (v: number) => Number(v).toLocaleString('en-US');
const paramsText = (params: unknown[]) =>
  params.length ? params.map((p, i) => `$${i + 1} = ${JSON.stringify(p)}`).join('\n') : '(no parameters)';

export function drawReconciliation(pdf: ReportPdf, c: ReportContent): void {
  pdf.subheading('Reconciliation per source');
  pdf.para(
    'For every source format, the records the ingest saw in its files against those it loaded and those it ' +
      'quarantined (with the reason, in the case); "unaccounted" is seen − loaded − quarantined and should be 0. ' +
      '"Events in case" counts the events the case holds now for those files.',
    { size: 8.5, color: MUTED },
  );
  pdf.table(
    [
      { header: 'source', width: 1.8 },
      { header: 'files', width: 0.7, align: 'right' },
      { header: 'records seen', width: 1.2, align: 'right' },
      { header: 'loaded', width: 1.1, align: 'right' },
      { header: 'quarantined', width: 1.2, align: 'right' },
      { header: 'unaccounted', width: 1.3, align: 'right' },
      { header: 'events in case', width: 1.3, align: 'right' },
    ],
    c.reconciliation.map((r) => [
      r.source,
      n(r.files),
      n(r.seen),
      n(r.loaded),
      n(r.quarantined),
      n(r.unaccounted),
      n(r.events_in_case),
    ]),
    8,
  );
}

export function drawQueryPack(pdf: ReportPdf, c: ReportContent): void {
  const p = c.pack;
  pdf.para(
    `Each table of this report comes from one query below, run on the case when the report was made (DuckDB ` +
      `${p.duckdb_version}). Each lists its SQL, its bound parameters ($1, $2, … in the order of the ? marks), the ` +
      `population it runs over with that population's count, the rows it returned and the SHA-256 of those rows ` +
      `(JSON: an array of rows, each the array of its column values, times in ISO 8601 UTC). The same records are ` +
      `attached as ${QUERY_PACK_FILE}; \`trailmark verify REPORT --case CASE --reperform\` runs them again on the ` +
      `case and reports each query as matching or not.`,
    { size: 8.5 },
  );
  const findings = p.queries.filter((q) => q.id.startsWith('finding.'));
  for (const q of p.queries.filter((x) => !x.id.startsWith('finding.'))) {
    pdf.subheading(`${q.title} (${q.id})`);
    pdf.keyValues([
      ['Population', `${q.population.description}: ${n(q.population.count)}`],
      ['Rows returned', n(q.rows)],
    ]);
    pdf.keyValues([['SHA-256 of the rows', q.result_sha256]], 150, { mono: true });
    pdf.monoBlock(`${q.sql.trim()}\n-- ${paramsText(q.params).replace(/\n/g, '\n-- ')}`, 6.5);
    pdf.monoBlock(
      `-- population\n${q.population.sql.trim()}\n-- ${paramsText(q.population.params).replace(/\n/g, '\n-- ')}`,
      6.5,
      MUTED,
    );
  }
  const first = findings[0];
  if (!first) return;
  pdf.subheading('Each finding and its cited events');
  pdf.para(
    "One query per finding, the same SQL with the finding's id as its parameter (twice: once for the finding, once " +
      'for its population, the events of its identity). A cited event that is changed, removed or moved changes ' +
      'the hash of the rows.',
    { size: 8.5 },
  );
  pdf.monoBlock(first.sql.trim(), 6.5);
  pdf.monoBlock(`-- population\n${first.population.sql.trim()}`, 6.5, MUTED);
  pdf.table(
    [
      { header: 'finding ($1)', width: 1.6, font: 'mono' },
      { header: 'population', width: 0.9, align: 'right' },
      { header: 'rows', width: 0.6, align: 'right' },
      { header: 'SHA-256 of the rows', width: 5.2, font: 'mono' },
    ],
    findings.map((q) => [String(q.params[0]), n(q.population.count), n(q.rows), q.result_sha256]),
    7,
  );
}
