import type { CaseFile } from '../case/case-file';
import { sha256 } from '../case/custody-chain';
import { queryConsole } from './runner';

export const EXPORT_MAX_ROWS = 100_000;

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; lists and structs as JSON. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A console query's result as CSV, up to EXPORT_MAX_ROWS rows (truncated says when more were left out). The run
 * is recorded like any console run, and the export after it with the SHA-256 of the CSV text handed over.
 */
export async function exportQueryCsv(
  c: CaseFile,
  text: string,
  timeoutS: number,
): Promise<{ csv: string; rows: number; truncated: boolean; sha256: string }> {
  const r = await queryConsole(c).run({ sql: text, limit: EXPORT_MAX_ROWS, timeout_s: timeoutS }, EXPORT_MAX_ROWS);
  const lines = [r.columns.map((col) => field(col.name)).join(','), ...r.rows.map((row) => row.map(field).join(','))];
  const csv = lines.join('\r\n') + '\r\n';
  const hash = sha256(csv);
  await c.custody.append('query.exported', {
    sql: text,
    format: 'csv',
    rows: r.rows.length,
    truncated: r.more,
    sha256: hash,
  });
  return { csv, rows: r.rows.length, truncated: r.more, sha256: hash };
}
