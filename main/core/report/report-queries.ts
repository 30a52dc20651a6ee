/**
 * The queries behind the report's figures, defined once: the report runs them to print its tables, records each
 * (SQL text, bound parameters, population and its count, a hash of the rows) in the embedded query pack, and
 * `verify --reperform` builds them again from the pack's scope and finding ids and compares what they return now.
 */
import { parseTime } from '../query/time-text';
import { and, ident, lit, param, sql, type Sql } from '../db/sql';
import type { ReportScope, SectionId } from './content';

/** A query the report prints from, with the population it runs over (counted alongside it). */
export interface ReportQuery {
  id: string;
  title: string;
  /** The section that prints it; null for a query every report depends on (period, findings, reconciliation). */
  section: SectionId | null;
  query: Sql;
  population: { description: string; query: Sql };
}

/** An events filter for the report's scope (identities and time range), over `events` or the alias given. */
export function scopeWhere(scope: ReportScope, alias?: string): Sql {
  const col = (name: string) => (alias ? sql`${ident(alias)}.${ident(name)}` : ident(name));
  const parts: Sql[] = [];
  if (scope.actor_uids)
    parts.push(
      sql`list_contains(from_json(${param(JSON.stringify(scope.actor_uids))}, '["VARCHAR"]'), ${col('actor_uid')})`,
    );
  if (scope.from) parts.push(sql`${col('time')} >= ${param(parseTime(scope.from, 'from'))}::TIMESTAMPTZ`);
  if (scope.to) parts.push(sql`${col('time')} <= ${param(parseTime(scope.to, 'to'))}::TIMESTAMPTZ`);
  return and(parts);
}

const STATUS_ORDER = lit(`CASE f.status WHEN 'confirmed' THEN 0 WHEN 'new' THEN 1 ELSE 2 END`);
const SEVERITY_ORDER = lit(
  `CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`,
);

/** The findings in scope, confirmed first, then new, then dismissed; most severe first within each. */
export function findingsListSql(scope: ReportScope): Sql {
  const where: Sql[] = [];
  if (scope.actor_uids)
    where.push(sql`list_contains(from_json(${param(JSON.stringify(scope.actor_uids))}, '["VARCHAR"]'), f.actor_uid)`);
  if (scope.from)
    where.push(sql`coalesce(f.end_time, f.start_time) >= ${param(parseTime(scope.from, 'from'))}::TIMESTAMPTZ`);
  if (scope.to) where.push(sql`coalesce(f.start_time, f.end_time) <= ${param(parseTime(scope.to, 'to'))}::TIMESTAMPTZ`);
  if (scope.confirmed_only) where.push(lit(`f.status = 'confirmed'`));
  return sql`SELECT f.id, f.detector, f.severity, f.score, f.actor_uid, i.display_name AS actor_name,
            f.start_time AS start, f.end_time  AS "end", f.title, f.explanation, f.event_uids,
            f.status, f.status_note, f.created_at  AS created_at
       FROM findings f LEFT JOIN identities i USING (actor_uid)
      WHERE ${and(where)}
      ORDER BY ${STATUS_ORDER}, ${SEVERITY_ORDER}, f.score DESC, f.start_time, f.id`;
}

/** The queries of the case-wide tables (summary, scope, evidence, reconciliation, method, inventory, findings). */
export function caseQueries(scope: ReportScope) {
  const w = scopeWhere(scope);
  const idScope = sql`actor_uid IN (SELECT DISTINCT actor_uid FROM events WHERE ${w})`;
  const eventsInScope = {
    description: 'events in the report scope',
    query: sql`SELECT count(*) FROM events WHERE ${w}`,
  };
  const identitiesInScope = {
    description: 'identities with an event in the report scope',
    query: sql`SELECT count(*) FROM effective_identities i WHERE i.${idScope}`,
  };
  const evidenceFiles = {
    description: 'evidence files of the case',
    query: lit(`SELECT count(*) FROM evidence_files`),
  };
  const storedFindings = { description: 'findings stored in the case', query: lit(`SELECT count(*) FROM findings`) };
  return {
    range: {
      id: 'summary.period',
      section: null,
      title: 'Period and events in scope',
      query: sql`SELECT min(time) AS "from", max(time) AS "to", count(*) AS events FROM events WHERE ${w}`,
      population: eventsInScope,
    },
    categories: {
      id: 'summary.identities',
      section: 'summary',
      title: 'Identities in scope by category',
      query: sql`SELECT category, count(*) AS n FROM effective_identities i WHERE i.${idScope} GROUP BY 1 ORDER BY 1`,
      population: identitiesInScope,
    },
    sources: {
      id: 'scope.sources',
      section: 'scope',
      title: 'Events per source',
      query: sql`SELECT source, count(*) AS events FROM events WHERE ${w} GROUP BY 1 ORDER BY 2 DESC, 1`,
      population: eventsInScope,
    },
    accounts: {
      id: 'scope.accounts',
      section: 'scope',
      title: 'Events per account',
      query: sql`SELECT coalesce(account_uid, '(none)') AS account_uid, count(*) AS events FROM events WHERE ${w}
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200`,
      population: eventsInScope,
    },
    evidenceByFormat: {
      id: 'evidence.by_format',
      section: 'evidence',
      title: 'Evidence files, records and bytes per format',
      query:
        lit(`SELECT format, count(*)::INTEGER AS files, sum(records)::BIGINT AS records, sum(loaded)::BIGINT AS loaded,
              sum(quarantined)::BIGINT AS quarantined, sum(size)::BIGINT AS bytes
         FROM evidence_files GROUP BY format ORDER BY files DESC, format`),
      population: evidenceFiles,
    },
    reconciliation: {
      id: 'evidence.reconciliation',
      section: null,
      title: 'Reconciliation per source: records seen = loaded + quarantined',
      // Per format (the source a file was read as): what the ingest counted, and the events the case holds now.
      query:
        lit(`SELECT f.format AS source, count(*)::INTEGER AS files, sum(f.records)::BIGINT AS seen, sum(f.loaded)::BIGINT AS loaded,
              sum(f.quarantined)::BIGINT AS quarantined,
              (sum(f.records) - sum(f.loaded) - sum(f.quarantined))::BIGINT AS unaccounted,
              coalesce(sum(e.n), 0)::BIGINT AS events_in_case
         FROM evidence_files f
         LEFT JOIN (SELECT evidence_id, count(*) AS n FROM events GROUP BY 1) e USING (evidence_id)
        GROUP BY 1 ORDER BY 1`),
      population: evidenceFiles,
    },
    detectors: {
      id: 'method.detectors',
      section: 'method',
      title: 'Findings by detector',
      query: lit(`SELECT detector, count(*), min(created_at), max(created_at) FROM findings GROUP BY 1 ORDER BY 1`),
      population: storedFindings,
    },
    identities: {
      id: 'identities.inventory',
      section: 'identities',
      title: 'Identity inventory',
      query: sql`SELECT i.display_name || chr(10) || i.actor_uid, coalesce(i.account_uid, '—'), category, kind, source, event_count,
              CASE WHEN NOT overridden THEN auto_reason
                   ELSE 'override by ' || override_by || ': ' || override_note || ' (was ' || auto_category || ')' END AS reason
         FROM effective_identities i
        WHERE i.${idScope}
        ORDER BY CASE category WHEN 'machine' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, event_count DESC, i.actor_uid`,
      population: identitiesInScope,
    },
    findings: {
      id: 'findings.list',
      section: null,
      title: 'Findings in scope',
      query: findingsListSql(scope),
      population: storedFindings,
    },
  } satisfies Record<string, ReportQuery>;
}

/**
 * Findings and the events they cite, each event with the SHA-256 of its raw record: a cited event that is changed,
 * removed or moved to another file changes the result. Its population is every event of each finding's identity.
 * The list of ids is one bound parameter (JSON), so the text is the same for one finding or many, and the rows of
 * one finding are the same whichever others are asked with it (ordered by finding first): the report runs it once
 * for all its findings and records each finding as this query over its own id.
 */
export function findingsEvidenceSql(ids: string[]): { query: Sql; population: Sql } {
  const list = sql`list_contains(from_json(${param(JSON.stringify(ids))}, '["VARCHAR"]'), id)`;
  return {
    query: sql`SELECT f.id, f.detector, f.severity, f.status, f.actor_uid, f.start_time, f.end_time, f.uid AS event_uid,
            e.time, e.source, e.evidence_id, e.position, e.api_service, e.api_operation, e.src_ip, e.outcome,
            sha256(e.raw) AS raw_sha256
       FROM (SELECT *, unnest(CASE WHEN len(event_uids) > 0 THEN event_uids ELSE [NULL::VARCHAR] END) AS uid
               FROM findings WHERE ${list}) f
       LEFT JOIN events e ON e.event_uid = f.uid
      ORDER BY f.id, f.uid, e.evidence_id, e.position`,
    population: sql`SELECT f.id, count(e.actor_uid) AS n
       FROM (SELECT id, actor_uid FROM findings WHERE ${list}) f LEFT JOIN events e ON e.actor_uid = f.actor_uid
      GROUP BY f.id ORDER BY f.id`,
  };
}

export const FINDING_QUERY = 'finding.';

/** One finding's query: the findings query over its id alone. */
export function findingQuery(id: string): ReportQuery {
  const q = findingsEvidenceSql([id]);
  return {
    id: `${FINDING_QUERY}${id}`,
    title: `Finding ${id} and its cited events`,
    section: null,
    query: q.query,
    population: { description: 'events of its identity', query: q.population },
  };
}

/** Every query a report with these sections prints from, over this scope and these findings. */
export function reportQueries(scope: ReportScope, sections: SectionId[], findingIds: string[]): ReportQuery[] {
  const want = new Set(sections);
  return [...Object.values(caseQueries(scope)), ...findingIds.map(findingQuery)].filter(
    (q) => q.section === null || want.has(q.section),
  );
}
