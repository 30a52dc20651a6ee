import type { ShowSqlTarget } from '../../../shared/methods/console';
import type { EventSortColumn } from '../../../shared/methods/workspace';
import { SEVERITY_LEVELS } from '../../../shared/model';
import { join, lit, param, sql, type Sql } from '../db/sql';
import { eventWhereOver } from '../query/event-filter';
import { EVENT_COLUMNS, eventOrderBy } from '../query/event-page';
import { identityLineageSql } from '../identity/lineage-query';
import { identitiesShowSql } from '../query/identity-explorer';
import { timelineEventsSql } from '../query/timeline';
import { topValuesSql } from '../query/top-values';
import { isSet, where } from '../query/where';
import { inlineParams } from './inline-sql';

/** The plain `events` of the console's search path: q.events. */
const EVENTS = lit('events');

/** Every event under a filter, in the events table's order (the table shows pages of exactly these rows). */
function eventsSql(
  filter: Parameters<typeof eventWhereOver>[1],
  sort: EventSortColumn | undefined,
  order: 'asc' | 'desc',
): Sql {
  return sql`SELECT ${EVENT_COLUMNS} FROM ${EVENTS} e ${eventWhereOver('views', filter)}
${eventOrderBy(sort, order)}`;
}

/** 1 for the least severe level, up to the most severe, as the findings list ranks them. */
const SEVERITY_RANK = sql`list_position([${join(
  SEVERITY_LEVELS.map((s) => sql`${param(s)}`),
  ', ',
)}], severity)`;

/** Every finding under the list's filter, strongest first, as the findings list orders them. */
function findingsSql(q: Extract<ShowSqlTarget, { view: 'findings' }>): Sql {
  const w = where([
    isSet(q.detector) && sql`(detector = ${param(q.detector)} OR list_contains(detectors, ${param(q.detector)}))`,
    isSet(q.actor_uid) && sql`actor_uid = ${param(q.actor_uid)}`,
    isSet(q.status) && sql`status = ${param(q.status)}`,
    isSet(q.min_severity) && sql`${SEVERITY_RANK} >= ${param(SEVERITY_LEVELS.indexOf(q.min_severity) + 1)}`,
  ]);
  return sql`SELECT finding_id, detector, severity, score, actor_uid, start_time, end_time, title, explanation, status,
  status_note, event_count
FROM findings ${w}
ORDER BY score DESC, start_time, finding_id`;
}

/**
 * The SQL behind a view of the app, over the console's documented views (docs/query-views.md), never the case's
 * own tables: run in the console it returns the rows the view showed (every page of a paged view). Values are
 * written into the text as literals (inline-sql.ts), so the statement stands alone: it can be read, edited, saved
 * and run with `trailmark sql`, and goes through the console's statement check like any other.
 */
export function showSql(t: ShowSqlTarget): string {
  return inlineParams(showSqlBound(t));
}

/** The same query with its values as bound parameters. */
export function showSqlBound(t: ShowSqlTarget): Sql {
  switch (t.view) {
    case 'events':
      return eventsSql(t.filter ?? {}, t.sort, t.order ?? 'asc');
    case 'finding':
      return eventsSql({ finding: t.id }, 'time', 'asc');
    case 'identities':
      return identitiesShowSql({ ...t, sort: t.sort ?? 'events' });
    case 'timeline':
      return timelineEventsSql(
        {
          filter: t.filter ?? {},
          buckets: 0,
          stack: t.stack ?? 'none',
          series: t.series ?? 8,
          order: t.order ?? 'top',
        },
        t.bucket_seconds * 1000,
        EVENTS,
        'views',
      );
    case 'top_values':
      return topValuesSql(t.filter ?? {}, t.dimension, t.limit ?? 10, t.order ?? 'top', EVENTS, 'views');
    case 'findings':
      return findingsSql(t);
    case 'lineage':
      return identityLineageSql(t.actor_uid, t.depth ?? 2, t.limit ?? 200, 'views');
  }
}
