import { z } from 'zod';
import { Category, EventRow, Identity, Outcome, SeverityLevel } from '../model';
import { limit, method, offset } from './define';

/** The event filter every workspace view shares (events table, timelines, heatmap, top-N panels). */
export const EventFilter = z.object({
  /** One identity, or several (swimlanes); empty means every identity. */
  actor_uids: z.array(z.string().min(1)).max(50).optional(),
  /** Only identities of this (effective) category. */
  category: Category.optional(),
  operation: z.string().max(500).optional(),
  service: z.string().max(500).optional(),
  outcome: Outcome.optional(),
  /** An address (exact) or an IPv4 CIDR such as 10.0.0.0/8. */
  ip: z.string().max(100).optional(),
  /** Substring of the user agent, case-insensitive. */
  user_agent: z.string().max(500).optional(),
  source: z.string().max(100).optional(),
  /** One of the call's targets, exactly (what it acted on: svc-support, namespaces/prod/secrets/db, ...). */
  target: z.string().max(2000).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  /**
   * Free text over the whole raw record, case-insensitive, matched where a word starts (AccessDenied finds
   * AccessDeniedException, not xAccessDenied); a leading * matches anywhere.
   */
  text: z.string().max(500).optional(),
  /** Only the evidence events of this finding (its id): "show these events" from a finding card. */
  finding: z.string().min(1).max(100).optional(),
});
export type EventFilter = z.input<typeof EventFilter>;

export const TextIndexStatus = z.object({
  /** building: in progress; waiting: events not yet indexed (an ingest runs, or the case just opened). */
  state: z.enum(['ready', 'building', 'waiting', 'failed']),
  /** Rows of events covered, and rows there are. */
  done: z.number(),
  total: z.number(),
  error: z.string().nullable(),
});
export type TextIndexStatus = z.infer<typeof TextIndexStatus>;

export const EventCursor = z.object({ time: z.string(), event_uid: z.string() });

/** The event table's sortable columns (the column ids the renderer shows); time is the default and pages by keyset. */
export const EVENT_SORT_COLUMNS = [
  'time',
  'identity',
  'operation',
  'service',
  'target',
  'outcome',
  'src_ip',
  'region',
  'user_agent',
  'account',
  'resource',
  'credential',
  'session',
  'source',
] as const;
export const EventSortColumn = z.enum(EVENT_SORT_COLUMNS);
export type EventSortColumn = z.infer<typeof EventSortColumn>;
export type EventCursor = z.infer<typeof EventCursor>;

export const IdentitySort = z.enum(['events', 'findings', 'first_seen', 'last_seen', 'name']);
export type IdentitySort = z.infer<typeof IdentitySort>;
/** Events in time order, oldest or newest first. */
export const EventOrder = z.enum(['asc', 'desc']);
export type EventOrder = z.infer<typeof EventOrder>;
/** top: the most frequent values first; rare: the least frequent. */
export const ValueOrder = z.enum(['top', 'rare']);
export type ValueOrder = z.infer<typeof ValueOrder>;
export const IdentityFacetFilter = z.object({
  category: Category.optional(),
  kind: z.string().optional(),
  source: z.string().optional(),
  account_uid: z.string().optional(),
  has_findings: z.boolean().optional(),
  search: z.string().max(500).optional(),
});
export type IdentityFacetFilter = z.input<typeof IdentityFacetFilter>;

export const IdentityExRow = Identity.extend({ findings: z.number() });
export type IdentityExRow = z.infer<typeof IdentityExRow>;

const FacetCounts = z.array(z.object({ value: z.string(), n: z.number() }));
export const IdentityFacets = z.object({
  category: FacetCounts,
  kind: FacetCounts,
  source: FacetCounts,
  account_uid: FacetCounts,
  has_findings: FacetCounts,
});
export type IdentityFacets = z.infer<typeof IdentityFacets>;

export const STACK_BY = ['operation', 'service', 'outcome', 'source', 'category', 'actor', 'none'] as const;
export const StackBy = z.enum(STACK_BY);
export type StackBy = z.infer<typeof StackBy>;

export const Timeline = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  bucket_seconds: z.number(),
  series: z.array(z.string()),
  /** Long form: one row per bucket and series with any events; t is epoch milliseconds of the bucket start. */
  points: z.array(z.object({ t: z.number(), s: z.number(), n: z.number() })),
  total: z.number(),
});
export type Timeline = z.infer<typeof Timeline>;

export const HeatCell = z.object({ dow: z.number(), hour: z.number(), n: z.number() });

export const TOP_DIMENSIONS = [
  'operation',
  'service',
  'resource',
  'target',
  'src_ip',
  'user_agent',
  'region',
  'credential',
  'session',
  'actor',
] as const;
export const TopDimension = z.enum(TOP_DIMENSIONS);
export type TopDimension = z.infer<typeof TopDimension>;
export const TopValue = z.object({
  value: z.string(),
  n: z.number(),
  failures: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
});
export type TopValue = z.infer<typeof TopValue>;

export const TARGET_KINDS = ['event', 'identity', 'range', 'finding'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const AnnotationKind = z.enum(['flag', 'note']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;
export const Annotation = z.object({
  annotation_id: z.number(),
  target_kind: z.enum(TARGET_KINDS),
  target_id: z.string(),
  kind: AnnotationKind,
  severity: SeverityLevel.nullable(),
  tags: z.array(z.string()),
  note: z.string(),
  by_user: z.string(),
  recorded_at: z.string(),
  /** Where it sits on a timeline: the event's time, or a range's start and end. */
  at: z.string().nullable(),
  until: z.string().nullable(),
  /** The identity it concerns, when known (an event's actor, an identity flag). */
  actor_uid: z.string().nullable(),
});
export type Annotation = z.infer<typeof Annotation>;

export const Marker = z.object({
  kind: z.enum(['finding', 'flag']),
  id: z.string(),
  severity: z.string(),
  title: z.string(),
  at: z.string(),
  until: z.string().nullable(),
  actor_uid: z.string().nullable(),
});
export type Marker = z.infer<typeof Marker>;

export const CustodyLine = z.object({
  seq: z.number(),
  at: z.string(),
  by: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type CustodyLine = z.infer<typeof CustodyLine>;

/** The workspace methods of the API table (spread into `api` in shared/api.ts). */
export const workspaceMethods = {
  queryEvents: method({
    summary:
      'A page of events under the shared filter, sorted by time (keyset paging after a cursor, else offset) or by another column (then time; offset paging)',
    params: z.object({
      filter: EventFilter.default({}),
      sort: EventSortColumn.default('time'),
      order: EventOrder.default('asc'),
      after: EventCursor.optional(),
      offset,
      limit,
      count: z.boolean().default(true),
    }),
    result: z.object({ rows: z.array(EventRow), total: z.number().nullable(), offset: z.number() }),
  }),
  countEvents: method({
    summary:
      'How many events the filter matches, on a connection of its own; a newer count interrupts an older one (for free text, which reads every raw record)',
    params: z.object({ filter: EventFilter.default({}) }),
    result: z.object({ total: z.number() }),
  }),
  textIndexStatus: method({
    summary:
      'How far the free-text index is built: searches for a word use it over the rows it covers and read the rest',
    params: z.object({}).default({}),
    result: TextIndexStatus,
  }),
  listIdentities: method({
    summary: 'A page of identities with finding counts, filtered by facets and search, sorted',
    params: IdentityFacetFilter.extend({ sort: IdentitySort.default('events'), offset, limit }),
    result: z.object({ rows: z.array(IdentityExRow), total: z.number(), offset: z.number() }),
  }),
  identityFacets: method({
    summary: 'Counts of identities per facet value under the other filters',
    params: IdentityFacetFilter,
    result: IdentityFacets,
  }),
  setIdentityCategory: method({
    summary: "Override an identity's classification (null restores the automatic one); recorded in custody",
    params: z.object({ actor_uid: z.string().min(1), category: Category.nullable(), note: z.string().trim().min(1) }),
    result: Identity,
  }),
  eventTimeline: method({
    summary: 'Events over time in at most `buckets` buckets, stacked by a dimension (top series + other)',
    params: z.object({
      filter: EventFilter.default({}),
      buckets: z.number().int().min(1).max(4000).default(1000),
      stack: StackBy.default('none'),
      series: z.number().int().min(1).max(20).default(8),
      // top: the busiest series; rare: the least frequent. An identity's finding-cited and (zoomed) first-used
      // values are never folded into "(other)" either way.
      order: ValueOrder.default('top'),
    }),
    result: Timeline,
  }),
  eventHeatmap: method({
    summary: 'Event counts by weekday (1 = Monday) and hour of day, UTC',
    params: z.object({ filter: EventFilter.default({}) }),
    result: z.array(HeatCell),
  }),
  topValues: method({
    summary: 'The most frequent values of some dimensions, each with counts, failures and first/last seen',
    params: z.object({
      filter: EventFilter.default({}),
      dimensions: z.array(TopDimension).min(1).max(TOP_DIMENSIONS.length),
      limit: z.number().int().min(1).max(100).default(10),
      // top: most frequent first; rare: least frequent first (the newest of equals first).
      order: ValueOrder.default('top'),
    }),
    result: z.record(z.string(), z.array(TopValue)),
  }),
  timelineMarkers: method({
    summary: 'Findings and flags to draw on a timeline, for some identities or the whole case',
    params: z.object({
      actor_uids: z.array(z.string()).max(50).optional(),
      from: z.string().optional(),
      to: z.string().optional(),
    }),
    result: z.array(Marker),
  }),
  addAnnotation: method({
    summary: 'Flag or annotate an event, identity, finding or time range; recorded in custody',
    params: z.object({
      target_kind: z.enum(TARGET_KINDS),
      target_id: z.string().min(1).max(500),
      kind: AnnotationKind.default('flag'),
      severity: SeverityLevel.nullable().default(null),
      tags: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
      note: z.string().max(10_000).default(''),
    }),
    result: Annotation,
  }),
  listAnnotations: method({
    summary: 'Flags and notes, newest first, optionally for one target',
    params: z.object({
      target_kind: z.enum(TARGET_KINDS).optional(),
      target_id: z.string().optional(),
      offset,
      limit,
    }),
    result: z.object({ rows: z.array(Annotation), total: z.number(), offset: z.number() }),
  }),
  saveViewState: method({
    summary: 'Remember the current view (route and filters) in the case, to reopen it exactly',
    params: z.object({ state: z.string().max(100_000) }),
    result: z.object({ saved_at: z.string() }),
  }),
  getViewState: method({
    summary: 'The view last saved in the case, or null',
    params: z.object({}),
    result: z.object({ state: z.string().nullable() }),
  }),
  listCustody: method({
    summary: 'The latest entries of the custody log, newest first: who did what, when',
    params: z.object({ limit: z.number().int().min(1).max(5000).default(200) }),
    result: z.object({ rows: z.array(CustodyLine), total: z.number() }),
  }),
} as const;
