import { readFile, stat } from 'node:fs/promises';
import type { CaseFile } from '../case/case-file';
import type { CustodyEntry } from '../case/custody';
import type { Duck } from '../db/duck';
import { ident, param, sql } from '../db/sql';
import { sha256File } from '../case/hashing';
import type { AnalysisRun, Cell, EvidenceRow, GenericTable, ReportContent } from './content';

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

/** How many of the latest custody entries the body shows; the whole log is attached. */
export const CUSTODY_ROWS_SHOWN = 15;

/** The custody log as it stands on disk, checked again: counts per action and the latest entries, plus its text. */
export async function gatherCustody(c: CaseFile): Promise<ReportContent['custody']> {
  const status = await c.custody.verify();
  const raw = await readFile(c.custody.file, 'utf8').catch(() => '');
  const rows: Cell[][] = [];
  const actions = new Map<string, { action: string; entries: number; first: string; last: string }>();
  for (const line of raw.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as CustodyEntry;
      // The investigator acts; the OS account the entry was written under is kept beside the name.
      rows.push([e.seq, e.at, e.action, e.os_user ? `${e.by}\n(${e.os_user})` : e.by, summarize(e.detail)]);
      const a = actions.get(e.action) ?? { action: e.action, entries: 0, first: e.at, last: e.at };
      a.entries++;
      a.last = e.at;
      actions.set(e.action, a);
    } catch {
      rows.push([null, null, '(unreadable line)', null, line.slice(0, 120)]);
    }
  }
  return {
    ...status,
    rows: rows.slice(-CUSTODY_ROWS_SHOWN),
    by_action: [...actions.values()].sort((a, b) => b.entries - a.entries),
    raw,
  };
}

/**
 * The evidence files holding an event that one of the given findings cites, found by joining the cited event ids
 * to the events table in DuckDB.
 */
export async function citedEvidenceIds(db: Duck, eventUids: string[]): Promise<Set<number>> {
  if (!eventUids.length) return new Set();
  const rows = await db.all<{ evidence_id: number }>(
    sql`SELECT DISTINCT e.evidence_id FROM events e
         WHERE e.event_uid IN (SELECT unnest(from_json(${param(JSON.stringify(eventUids))}, '["VARCHAR"]')))`,
  );
  return new Set(rows.map((r) => r.evidence_id));
}

function summarize(detail: Record<string, unknown>): string {
  const text = Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > 240 ? text.slice(0, 239) + '…' : text;
}

const text = (v: unknown): string =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'string'
      ? v
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** The analysis runs, with their parameters and detector list unpacked from JSON into rows a reader can scan. */
export async function gatherAnalysisRuns(db: Duck): Promise<AnalysisRun[]> {
  const rows = await db.all<{
    run_id: string;
    started_at: string;
    finished_at: string | null;
    baseline_until: string | null;
    findings: number;
    parameters: string;
    detectors: string;
  }>(
    sql`SELECT run_id, started_at, finished_at, baseline_until, findings,
              parameters::VARCHAR AS parameters, detectors::VARCHAR AS detectors
         FROM analysis_runs ORDER BY started_at`,
  );
  return rows.map((r) => {
    const params = parseJson(r.parameters);
    const dets = parseJson(r.detectors);
    return {
      run_id: r.run_id,
      started_at: String(r.started_at),
      finished_at: r.finished_at === null ? null : String(r.finished_at),
      baseline_until: r.baseline_until === null ? null : String(r.baseline_until),
      findings: r.findings,
      parameters:
        params && typeof params === 'object' && !Array.isArray(params)
          ? Object.entries(params as Record<string, unknown>).map(([k, v]) => [k, text(v)])
          : [['parameters', r.parameters]],
      detectors: Array.isArray(dets)
        ? dets.map((d: Record<string, unknown>) => {
            const { name, version, signals, ...rest } = d ?? {};
            const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
            return { name: text(name) + extra, version: text(version), signals: text(signals) };
          })
        : [],
    };
  });
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
