/**
 * The query pack: every query the report printed from, with its SQL, its bound parameters, the population it ran
 * over and that population's count, and a SHA-256 of the rows it returned. Embedded in the report (and listed with
 * its hash in the signed manifest), so an auditor can re-perform each figure, and `verify --reperform` does.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Duck } from '../db/duck';
import type { Sql } from '../db/sql';
import type { ReportScope, SectionId } from './content';
import { sha256Hex } from './manifest';
import { FINDING_QUERY, findingQuery, findingsEvidenceSql, reportQueries, type ReportQuery } from './report-queries';

export const QUERY_PACK_FORMAT = 'trailmark-query-pack/1';

export interface PackedQuery {
  id: string;
  title: string;
  sql: string;
  params: unknown[];
  population: { description: string; sql: string; params: unknown[]; count: number };
  rows: number;
  /** SHA-256 of the rows as JSON: an array of rows, each the array of its column values in query order. */
  result_sha256: string;
}

export interface QueryPack {
  format: typeof QUERY_PACK_FORMAT;
  duckdb_version: string;
  scope: ReportScope;
  sections: SectionId[];
  finding_ids: string[];
  queries: PackedQuery[];
}

/** The rows as the pack hashes them: column values in query order, dates as ISO text, big integers as text. */
export function resultHash(rows: Record<string, unknown>[]): string {
  return sha256Hex(JSON.stringify(rows.map((r) => Object.values(r))));
}

const paramsJson = (params: DuckDBValue[]): unknown[] =>
  params.map((p) => (typeof p === 'bigint' ? p.toString() : p === undefined ? null : p));

/** The pack's record of one query: its SQL and parameters, its population with that count, and its rows' hash. */
function packEntry(q: ReportQuery, rows: Record<string, unknown>[], count: number): PackedQuery {
  return {
    id: q.id,
    title: q.title,
    sql: q.query.text,
    params: paramsJson(q.query.params),
    population: {
      description: q.population.description,
      sql: q.population.query.text,
      params: paramsJson(q.population.query.params),
      count,
    },
    rows: rows.length,
    result_sha256: resultHash(rows),
  };
}

async function runOne(db: Duck, q: ReportQuery): Promise<{ rows: Record<string, unknown>[]; entry: PackedQuery }> {
  const rows = await db.all(q.query);
  const count = await db.scalar<number>(q.population.query);
  return { rows, entry: packEntry(q, rows, Number(count)) };
}

/**
 * Every finding's record, from one run of the findings query over all their ids (one query per finding would scan
 * the events once per finding), split by finding: the same rows each gets from the query over its own id.
 */
async function runFindings(db: Duck, ids: string[]): Promise<Map<string, PackedQuery>> {
  const out = new Map<string, PackedQuery>();
  if (!ids.length) return out;
  const batch = findingsEvidenceSql(ids);
  const rows = await db.all(batch.query);
  const counts = new Map((await db.all<{ id: string; n: number }>(batch.population)).map((r) => [r.id, Number(r.n)]));
  const byId = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const id = String(r.id);
    const own = byId.get(id);
    if (own) own.push(r);
    else byId.set(id, [r]);
  }
  for (const id of ids) out.set(id, packEntry(findingQuery(id), byId.get(id) ?? [], counts.get(id) ?? 0));
  return out;
}

/** Runs the report's queries and keeps each one's record for the pack; the report prints from the rows returned. */
export class QueryRecorder {
  private readonly entries: (PackedQuery & { section: SectionId | null })[] = [];
  constructor(private readonly db: Duck) {}

  async all<T>(q: ReportQuery): Promise<T[]> {
    const { rows, entry } = await runOne(this.db, q);
    this.entries.push({ ...entry, section: q.section });
    return rows as T[];
  }

  /** The pack of what the chosen sections print: a table in a section left out is not part of the report. */
  /** The findings' records, each the findings query over its own id (run once for all of them). */
  async findings(ids: string[]): Promise<void> {
    for (const entry of (await runFindings(this.db, ids)).values()) this.entries.push({ ...entry, section: null });
  }

  async pack(scope: ReportScope, sections: SectionId[], findingIds: string[]): Promise<QueryPack> {
    const want = new Set(sections);
    return {
      format: QUERY_PACK_FORMAT,
      duckdb_version: String(await this.db.scalar(`SELECT library_version FROM pragma_version()`)),
      scope,
      sections,
      finding_ids: findingIds,
      queries: this.entries
        .filter((e) => e.section === null || want.has(e.section))
        .map(({ section: _section, ...e }) => e),
    };
  }
}

export interface ReperformOutcome {
  id: string;
  title: string;
  match: boolean;
  rows: number;
  expected_rows: number;
  population: number;
  expected_population: number;
  problem: string | null;
}

const sameSql = (a: Sql, sql: string, params: unknown[]) =>
  a.text === sql && JSON.stringify(paramsJson(a.params)) === JSON.stringify(params);

/**
 * Re-runs a pack on a case. The queries are built again by this version of Trailmark from the pack's scope and
 * finding ids, never taken as text from the file (a report is input: its SQL is compared, not executed); a pack whose
 * SQL differs from what this version builds is reported as such. A query matches when its rows hash the same and its
 * population has the same count.
 */
export async function reperform(db: Duck, pack: QueryPack): Promise<ReperformOutcome[]> {
  const built = new Map(
    reportQueries(pack.scope, Array.isArray(pack.sections) ? pack.sections : [], pack.finding_ids).map((q) => [
      q.id,
      q,
    ]),
  );
  const out: ReperformOutcome[] = [];
  const findingIds = pack.queries
    .filter((p) => p.id.startsWith(FINDING_QUERY) && built.has(p.id))
    .map((p) => p.id.slice(FINDING_QUERY.length));
  const findings = await runFindings(db, findingIds);
  for (const p of pack.queries) {
    const q = built.get(p.id);
    const base = {
      id: p.id,
      title: p.title,
      expected_rows: p.rows,
      expected_population: p.population.count,
      rows: 0,
      population: 0,
    };
    if (!q) {
      out.push({ ...base, match: false, problem: 'not a query this version of Trailmark builds' });
      continue;
    }
    if (!sameSql(q.query, p.sql, p.params) || !sameSql(q.population.query, p.population.sql, p.population.params)) {
      out.push({ ...base, match: false, problem: 'its SQL or parameters differ from what this version builds' });
      continue;
    }
    const entry = p.id.startsWith(FINDING_QUERY)
      ? findings.get(p.id.slice(FINDING_QUERY.length))!
      : (await runOne(db, q)).entry;
    const problems: string[] = [];
    if (entry.result_sha256 !== p.result_sha256)
      problems.push(`its rows differ (${entry.rows} now, ${p.rows} in the report)`);
    if (entry.population.count !== p.population.count)
      problems.push(`its population differs (${entry.population.count} now, ${p.population.count} in the report)`);
    out.push({
      ...base,
      rows: entry.rows,
      population: entry.population.count,
      match: problems.length === 0,
      problem: problems.join('; ') || null,
    });
  }
  const listed = new Set(pack.queries.map((p) => p.id));
  for (const id of built.keys())
    if (!listed.has(id)) out.push({ ...missing(id), problem: 'the pack leaves out a query the report depends on' });
  return out;
}

const missing = (id: string): ReperformOutcome => ({
  id,
  title: id,
  match: false,
  rows: 0,
  expected_rows: 0,
  population: 0,
  expected_population: 0,
  problem: null,
});
