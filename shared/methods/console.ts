import { z } from 'zod';
import { FindingQuery } from './analysis';
import { method } from './define';
import {
  EventFilter,
  EventOrder,
  EventSortColumn,
  IdentityFacetFilter,
  IdentitySort,
  StackBy,
  Timeline,
  TopDimension,
} from './workspace';

/** The query console: read-only SQL over the case's documented views (docs/query-views.md). */
export const ConsoleColumn = z.object({ name: z.string(), type: z.string(), description: z.string() });
export const ConsoleView = z.object({ name: z.string(), description: z.string(), columns: z.array(ConsoleColumn) });
export type ConsoleView = z.infer<typeof ConsoleView>;

export const QueryResult = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  /** One array per row, in column order (two columns may share a name). */
  rows: z.array(z.array(z.unknown())),
  offset: z.number(),
  /** More rows follow this page. */
  more: z.boolean(),
  /** SHA-256 of the page's columns and rows as JSON, as written to custody. */
  sha256: z.string(),
  elapsed_ms: z.number(),
});
export type QueryResult = z.infer<typeof QueryResult>;

export const SavedQuery = z.object({ name: z.string(), sql: z.string(), saved_by: z.string(), saved_at: z.string() });
export type SavedQuery = z.infer<typeof SavedQuery>;

/** A view of the app whose SQL "Show SQL" asks for, with the parameters it was drawn with. */
const Rank = z.enum(['top', 'rare']).default('top');
export const ShowSqlTarget = z.discriminatedUnion('view', [
  z.object({
    view: z.literal('events'),
    filter: EventFilter.default({}),
    sort: EventSortColumn.default('time'),
    order: EventOrder.default('asc'),
  }),
  z.object({ view: z.literal('identities'), ...IdentityFacetFilter.shape, sort: IdentitySort.default('events') }),
  z.object({
    view: z.literal('timeline'),
    filter: EventFilter.default({}),
    /** The bucket width the chart was drawn with (its Timeline.bucket_seconds). */
    bucket_seconds: z.number().positive(),
    stack: StackBy.default('none'),
    series: z.number().int().min(1).max(20).default(8),
    order: Rank,
  }),
  z.object({
    view: z.literal('top_values'),
    filter: EventFilter.default({}),
    dimension: TopDimension,
    limit: z.number().int().min(1).max(100).default(10),
    order: Rank,
  }),
  z.object({ view: z.literal('findings'), ...FindingQuery.omit({ offset: true, limit: true }).shape }),
  /** A finding's evidence events. */
  z.object({ view: z.literal('finding'), id: z.string().min(1).max(100) }),
  /** An identity's lineage panel: its parents and children, `depth` hops each way. */
  z.object({
    view: z.literal('lineage'),
    actor_uid: z.string().min(1),
    depth: z.number().int().min(1).max(6).default(2),
    limit: z.number().int().min(1).max(2000).default(200),
  }),
]);
export type ShowSqlTarget = z.input<typeof ShowSqlTarget>;

const QueryText = z.string().min(1).max(100_000);
const QueryName = z.string().trim().min(1).max(200);

export const consoleMethods = {
  querySchema: method({
    summary: "The query console's views and their columns, with descriptions (for completion and docs)",
    params: z.object({}),
    result: z.array(ConsoleView),
  }),
  runQuery: method({
    summary: 'Run one read-only SQL statement over the case views; a page of rows; recorded in custody',
    params: z.object({
      sql: QueryText,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10_000).default(500),
      timeout_s: z.number().min(1).max(3600).default(30),
    }),
    result: QueryResult,
  }),
  cancelQuery: method({
    summary: 'Stop the console query running now',
    params: z.object({}),
    result: z.object({ cancelled: z.boolean() }),
  }),
  exportQueryCsv: method({
    summary: 'A query result as CSV (up to 100,000 rows); the export is recorded in custody with its SHA-256',
    params: z.object({ sql: QueryText, timeout_s: z.number().min(1).max(3600).default(120) }),
    result: z.object({ csv: z.string(), rows: z.number(), truncated: z.boolean(), sha256: z.string() }),
  }),
  exportQueryParquet: method({
    summary:
      "A query's whole result as a new Parquet file (the case folder's exports/ unless a path is given; never overwrites); recorded in custody with the file's SHA-256",
    params: z.object({
      sql: QueryText,
      path: z.string().min(1).max(4096).optional(),
      timeout_s: z.number().min(1).max(3600).default(600),
    }),
    result: z.object({ path: z.string(), rows: z.number(), sha256: z.string(), size: z.number() }),
  }),
  listSavedQueries: method({ summary: 'Queries saved in the case', params: z.object({}), result: z.array(SavedQuery) }),
  getSavedQuery: method({ summary: 'One saved query', params: z.object({ name: QueryName }), result: SavedQuery }),
  saveQuery: method({
    summary: 'Save a named query in the case (replaces one of the same name); recorded in custody',
    params: z.object({ name: QueryName, sql: QueryText }),
    result: SavedQuery,
  }),
  deleteSavedQuery: method({
    summary: 'Delete a saved query; recorded in custody',
    params: z.object({ name: QueryName }),
    result: z.object({ deleted: z.string() }),
  }),
  chartQuery: method({
    summary:
      "Chart it: a query result's rows counted over time by one of its timestamp columns (every row, not one page); both reads recorded in custody",
    params: z.object({
      sql: QueryText,
      column: z.string().min(1).max(200),
      buckets: z.number().int().min(1).max(4000).default(200),
      timeout_s: z.number().min(1).max(3600).default(30),
    }),
    result: Timeline,
  }),
  showSql: method({
    summary:
      'The SQL behind a view (events table, identities, timeline, top values, findings, a finding), over the console views with its values written in as literals; run in the console it returns what the view showed',
    params: z.object({ target: ShowSqlTarget }),
    result: z.object({ sql: z.string() }),
  }),
  sigmaSearch: method({
    summary: "A Sigma rule's matching events, through the Sigma compiler; recorded in custody",
    params: z.object({ rule: z.string().min(1).max(200_000), limit: z.number().int().min(1).max(10_000).default(500) }),
    result: z.object({
      rules: z.array(z.object({ id: z.string(), title: z.string(), sql: z.string(), params: z.array(z.unknown()) })),
      rejected: z.array(z.object({ title: z.string().nullable(), reason: z.string() })),
      result: QueryResult,
    }),
  }),
} as const;
