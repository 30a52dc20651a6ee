import { readFile, stat } from 'node:fs/promises';
import type { CaseFile } from '../case/case-file';
import type { CustodyEntry } from '../case/custody';
import type { Duck } from '../db/duck';
import { ident, param, sql } from '../db/sql';
import { sha256File } from '../ingest/hashing';
import type { Cell, EvidenceRow, GenericTable, ReportContent } from './content';

const GENERIC_ROW_LIMIT = 500;
const REHASH_CONCURRENCY = 4;

async function recheck(file: string, expected: string, signal?: AbortSignal): Promise<EvidenceRow['recheck']> {
  if (!expected) return 'not hashed';
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return 'unreachable';
  const now = await sha256File(file, undefined, signal).catch(() => null);
  return now === null ? 'unreachable' : now.sha256 === expected ? 'match' : 'changed';
}

/**
 * Every evidence row, with the originals re-hashed where they are still reachable: plain files and outer archives
 * are hashed again and compared with their row; members of an archive take the outcome of their archive's row.
 */
export async function gatherEvidence(
  db: Duck,
  signal?: AbortSignal,
): Promise<{ rows: EvidenceRow[]; rehash: ReportContent['rehash'] }> {
  const rows = await db.all<Omit<EvidenceRow, 'recheck'>>(
    sql`SELECT evidence_id, path, member_path, sha256, size, format, records, loaded, quarantined, skipped_reason
       FROM evidence_files ORDER BY evidence_id`,
  );
  const outcome = new Map<string, EvidenceRow['recheck']>();
  const originals = rows.filter((r) => r.member_path === null);
  let next = 0;
  // A few files at a time: thousands of small evidence files are mostly waiting on the disk.
  const worker = async () => {
    while (next < originals.length) {
      const r = originals[next++]!;
      if (outcome.has(r.path)) continue;
      outcome.set(r.path, await recheck(r.path, r.sha256, signal));
    }
  };
  await Promise.all(Array.from({ length: REHASH_CONCURRENCY }, worker));
  const out: EvidenceRow[] = rows.map((r) => {
    const own = outcome.get(r.path) ?? 'unreachable';
    return { ...r, recheck: r.member_path === null ? own : own === 'match' ? 'via archive' : own };
  });
  const top = [...outcome.values()];
  return {
    rows: out,
    rehash: {
      checked: top.length,
      match: top.filter((o) => o === 'match').length,
      changed: top.filter((o) => o === 'changed').length,
      unreachable: top.filter((o) => o === 'unreachable').length,
    },
  };
}

/**
 * Tables other parts of Trailmark may add (digest validation, log gaps, analysis runs): found by name in the catalog
 * and shown as they are, so the report reads them when present and says so plainly when absent.
 */
export async function optionalTables(db: Duck, nameParts: string[]): Promise<GenericTable[]> {
  const names = await db.all<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'main'
        AND len([p FOR p IN from_json(${param(JSON.stringify(nameParts))}, '["VARCHAR"]') IF contains(lower(table_name), p)]) > 0
      ORDER BY table_name`,
  );
  const out: GenericTable[] = [];
  for (const { table_name } of names) {
    // The name comes from the catalog (tables Trailmark's migrations made), not from input.
    const table = ident(table_name);
    const total = await db.scalar<number>(sql`SELECT count(*) FROM ${table}`);
    const rows = await db.all(sql`SELECT * FROM ${table} LIMIT ${param(GENERIC_ROW_LIMIT)}`);
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    out.push({
      name: table_name,
      columns,
      rows: rows.map((r) => columns.map((k) => toCell(r[k]))),
      total,
    });
  }
  return out;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** The custody log as it stands on disk, checked again, one row per entry. */
export async function gatherCustody(c: CaseFile): Promise<ReportContent['custody']> {
  const status = await c.custody.verify();
  const text = await readFile(c.custody.file, 'utf8').catch(() => '');
  const rows: Cell[][] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as CustodyEntry;
      rows.push([e.seq, e.at, e.action, e.by, summarize(e.detail)]);
    } catch {
      rows.push([null, null, '(unreadable line)', null, line.slice(0, 120)]);
    }
  }
  return { ...status, rows };
}

function summarize(detail: Record<string, unknown>): string {
  const text = Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > 240 ? text.slice(0, 239) + '…' : text;
}
