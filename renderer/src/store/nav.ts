import { z } from 'zod';
import {
  EventFilter,
  EventOrder,
  EventSortColumn,
  IdentityFacetFilter,
  IdentitySort,
  type StackBy,
} from '../../../shared/methods/workspace';
import { VIEW_IDS, type ViewId } from '../views/views';

/** The filter every view shares; the identity (nav.actor) is kept apart so views can widen or narrow it. */
export type WsFilter = Omit<EventFilter, 'actor_uids'>;

export const IDENTITY_STACKS = ['operation', 'service', 'outcome'] as const satisfies readonly StackBy[];
export type IdentityStack = (typeof IDENTITY_STACKS)[number];
export const CASE_STACKS = ['category', 'source'] as const satisfies readonly StackBy[];
export type CaseStack = (typeof CASE_STACKS)[number];

export const MAX_COMPARE = 5;

/** Everything that says what is on screen: one snapshot per step of back/forward, saved in the case. */
export interface Nav {
  view: ViewId;
  /** The identity in focus (identity page; the events view filtered to it). */
  actor: string | null;
  /** Identities compared in the case timeline's swimlanes (at most MAX_COMPARE). */
  compare: string[];
  filter: WsFilter;
  /** How the identity timeline is stacked. */
  stack: IdentityStack;
  /** How the case timeline is split: its own choice, so visiting it never changes the identity timeline. */
  caseStack: CaseStack;
  explorer: IdentityFacetFilter & { sort: IdentitySort };
  /** Event table columns the investigator hid. */
  hidden: string[];
  /** The event table's order: a column (then time), and its direction. */
  sort: EventSort;
  /** Event table column widths the investigator dragged, in px by column id. */
  widths: Record<string, number>;
  /** The lineage graph: around this finding (its identity is `actor`), or around `actor` when none. */
  graph?: LineageGraphNav;
}

export interface EventSort {
  column: EventSortColumn;
  order: EventOrder;
}

export interface LineageGraphNav {
  finding?: string;
  /** With a finding: every link of its identity, not only those active in its window. */
  all_time?: boolean;
  depth?: number;
}

export const DEFAULT_NAV: Nav = {
  view: 'events',
  actor: null,
  compare: [],
  filter: {},
  stack: 'operation',
  caseStack: 'category',
  explorer: { sort: 'events' },
  hidden: ['account', 'resource', 'credential', 'session', 'source', 'error_message'],
  sort: { column: 'time', order: 'asc' },
  widths: {},
};

/** Drops empty values so two equal filters compare equal and the saved state stays small. */
export function cleanFilter<T extends object>(f: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out as T;
}

/**
 * A view saved in the case was written by this version, an earlier one (a view since renamed, a stack meant for
 * the other timeline) or by hand: each part that does not read as this version's takes its default, alone, so a
 * bad part costs only itself and never the window.
 */
const SavedNav = z.object({
  view: z.enum(VIEW_IDS).catch(DEFAULT_NAV.view),
  actor: z.string().min(1).nullable().catch(null),
  compare: z.array(z.string().min(1)).max(MAX_COMPARE).catch([]),
  filter: EventFilter.omit({ actor_uids: true }).catch({}),
  stack: z.enum(IDENTITY_STACKS).catch(DEFAULT_NAV.stack),
  caseStack: z.enum(CASE_STACKS).catch(DEFAULT_NAV.caseStack),
  explorer: IdentityFacetFilter.extend({ sort: IdentitySort }).catch(DEFAULT_NAV.explorer),
  hidden: z.array(z.string()).catch(DEFAULT_NAV.hidden),
  sort: z.object({ column: EventSortColumn, order: EventOrder }).catch(DEFAULT_NAV.sort),
  widths: z.record(z.string(), z.number().int().positive().max(10_000)).catch({}),
  graph: z
    .object({
      finding: z.string().min(1).optional(),
      all_time: z.boolean().optional(),
      depth: z.number().int().min(1).max(6).optional(),
    })
    .optional()
    .catch(undefined),
});

/** The view saved in the case (JSON text, or null when none was saved), read back as a view this version shows. */
export function parseSavedNav(saved: string | null): Nav {
  if (!saved) return DEFAULT_NAV;
  let value: unknown;
  try {
    value = JSON.parse(saved);
  } catch {
    return DEFAULT_NAV;
  }
  const nav = SavedNav.safeParse(value); // fails only when it is not an object at all
  return nav.success
    ? { ...nav.data, filter: cleanFilter(nav.data.filter), explorer: cleanFilter(nav.data.explorer) }
    : DEFAULT_NAV;
}
