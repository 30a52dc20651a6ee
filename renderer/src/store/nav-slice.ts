import {
  EVENT_SORT_COLUMNS,
  type EventFilter,
  type EventSortColumn,
  type IdentityFacetFilter,
  type StackBy,
} from '../../../shared/methods/workspace';
import type { SliceCreator } from './slice';

/** The filter every view shares; the identity (nav.actor) is kept apart so views can widen or narrow it. */
export type WsFilter = Omit<EventFilter, 'actor_uids'>;
export type IdentitySortKey = 'events' | 'findings' | 'first_seen' | 'last_seen' | 'name';

/** Everything that says what is on screen: one snapshot per step of back/forward, saved in the case. */
export interface Nav {
  view: string;
  /** The identity in focus (identity page; the events view filtered to it). */
  actor: string | null;
  /** Identities compared in the case timeline's swimlanes (at most 5). */
  compare: string[];
  filter: WsFilter;
  /** How the identity timeline is stacked. */
  stack: IdentityStack;
  /** How the case timeline is split: its own choice, so visiting it never changes the identity timeline. */
  caseStack: CaseStack;
  explorer: IdentityFacetFilter & { sort: IdentitySortKey };
  /** Event table columns the investigator hid. */
  hidden: string[];
  /** The event table's order: a column (then time), and its direction. */
  sort: EventSort;
  /** Event table column widths the investigator dragged, in px by column id. */
  widths: Record<string, number>;
}

export interface EventSort {
  column: EventSortColumn;
  order: 'asc' | 'desc';
}

export const IDENTITY_STACKS = ['operation', 'service', 'outcome'] as const satisfies readonly StackBy[];
export type IdentityStack = (typeof IDENTITY_STACKS)[number];
export const CASE_STACKS = ['category', 'source'] as const satisfies readonly StackBy[];
export type CaseStack = (typeof CASE_STACKS)[number];

export const MAX_COMPARE = 5;
const MAX_HISTORY = 100;

export const DEFAULT_NAV: Nav = {
  view: 'events',
  actor: null,
  compare: [],
  filter: {},
  stack: 'operation',
  caseStack: 'category',
  explorer: { sort: 'events' },
  hidden: ['account', 'resource', 'credential', 'session', 'source'],
  sort: { column: 'time', order: 'asc' },
  widths: {},
};

/** Drops empty values so two equal filters compare equal and the saved state stays small. */
export function cleanFilter<T extends object>(f: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out as T;
}

export interface NavSlice {
  nav: Nav;
  navBack: Nav[];
  navForward: Nav[];
  /** A new step: the current one goes on the back stack. */
  go(patch: Partial<Nav>): void;
  setFilter(patch: Partial<WsFilter>): void;
  goBack(): void;
  goForward(): void;
  /** Reopen a saved view (no history step). */
  restoreNav(nav: Partial<Nav>): void;
  /** Reads the view saved in the open case and shows it (before the case's lists first load). */
  reopenSavedView(): Promise<void>;
}

export const createNavSlice: SliceCreator<NavSlice> = (set, get, conn) => ({
  nav: DEFAULT_NAV,
  navBack: [],
  navForward: [],

  go: (patch) => {
    const prev = get().nav;
    const next: Nav = { ...prev, ...patch };
    if (patch.filter) next.filter = cleanFilter(patch.filter);
    if (patch.explorer) next.explorer = cleanFilter(patch.explorer);
    if (JSON.stringify(next) === JSON.stringify(prev)) return;
    set((s) => ({ nav: next, navBack: [...s.navBack, prev].slice(-MAX_HISTORY), navForward: [] }));
  },

  setFilter: (patch) => get().go({ filter: { ...get().nav.filter, ...patch } }),

  goBack: () => {
    const { navBack, nav } = get();
    const prev = navBack[navBack.length - 1];
    if (!prev) return;
    set((s) => ({ nav: prev, navBack: s.navBack.slice(0, -1), navForward: [nav, ...s.navForward] }));
  },

  goForward: () => {
    const { navForward, nav } = get();
    const next = navForward[0];
    if (!next) return;
    set((s) => ({ nav: next, navForward: s.navForward.slice(1), navBack: [...s.navBack, nav] }));
  },

  restoreNav: (saved) => {
    set({ nav: normaliseNav({ ...DEFAULT_NAV, ...saved }), navBack: [], navForward: [] });
  },

  reopenSavedView: async () => {
    let saved: Partial<Nav> = {};
    try {
      const { state } = await conn.api.getViewState({});
      if (state) saved = JSON.parse(state) as Partial<Nav>;
    } catch (err) {
      get().reportError('Reopening the saved view', err);
    }
    get().restoreNav(saved);
  },
});

/** A view saved by an earlier version may hold a stack meant for the other timeline: each gets one it can draw. */
export function normaliseNav(nav: Nav): Nav {
  const stack = (IDENTITY_STACKS as readonly string[]).includes(nav.stack) ? nav.stack : DEFAULT_NAV.stack;
  const caseStack = (CASE_STACKS as readonly string[]).includes(nav.caseStack) ? nav.caseStack : DEFAULT_NAV.caseStack;
  const sort = (EVENT_SORT_COLUMNS as readonly string[]).includes(nav.sort.column) ? nav.sort : DEFAULT_NAV.sort;
  return { ...nav, stack, caseStack, sort };
}
