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
    'Records the ingest saw per source format against those it loaded and those it quarantined (each with its ' +
      'reason, in the case): "unaccounted" is seen − loaded − quarantined, and is 0 when every record is accounted ' +
      'for. "Events in case" counts the events the case holds now for those files.',
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

/** SQL as printed: line breaks and the indentation after them folded to one space (the pack keeps the exact text). */
const folded = (text: string) => text.trim().replace(/\s*\n\s*/g, ' ');

export function drawQueryPack(pdf: ReportPdf, c: ReportContent): void {
  const p = c.pack;
  pdf.subheading('The queries behind each table and finding');
  pdf.para(
    `Each table of this report comes from one query, run on the case when the report was made (DuckDB ` +
      `${p.duckdb_version}): its population (what it runs over) with that population's count, the rows it returned ` +
      `and the SHA-256 of those rows (JSON: an array of rows, each the array of its column values, times in ISO 8601 ` +
      `UTC). The SQL follows, line breaks folded, with its bound parameters ($1, $2, … in the order of the ? marks); ` +
      `${QUERY_PACK_FILE}, attached, holds the exact text. \`trailmark verify REPORT --case CASE --reperform\` runs ` +
      `every query again on the case and reports each as matching or not.`,
    { size: 8.5 },
  );
  const findings = p.queries.filter((q) => q.id.startsWith('finding.'));
  const tables = p.queries.filter((x) => !x.id.startsWith('finding.'));
  pdf.table(
    [
      { header: 'query', width: 2.1, font: 'mono' },
      { header: 'population', width: 2.2 },
      { header: 'rows', width: 0.5, align: 'right' },
      { header: 'SHA-256 of the rows', width: 5.2, font: 'mono' },
    ],
    [
      ...tables.map((q) => [q.id, `${q.population.description}: ${n(q.population.count)}`, n(q.rows), q.result_sha256]),
      ...findings.map((q) => [
        q.id,
        `${q.population.description}: ${n(q.population.count)}`,
        n(q.rows),
        q.result_sha256,
      ]),
    ],
    6,
  );
  const listing = tables.map(
    (q) =>
      `-- ${q.id}: ${q.title}${q.params.length ? `  [${paramsText(q.params).replace(/\n/g, ', ')}]` : ''}\n` +
      `${folded(q.sql)}\n-- population: ${folded(q.population.sql)}`,
  );
  const first = findings[0];
  if (first)
    listing.push(
      `-- finding.<id>: each finding and the events it cites, with the SHA-256 of each raw record  [$1 = its id as a JSON list, ["<id>"]]\n` +
        `${folded(first.sql)}\n-- population (events of its identity): ${folded(first.population.sql)}`,
    );
  pdf.monoBlock(listing.join('\n'), 5.5);
}
