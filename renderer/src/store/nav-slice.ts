import { cleanFilter, DEFAULT_NAV, parseSavedNav, type Nav, type WsFilter } from './nav';
import type { SliceCreator } from './slice';

export interface NavSlice {
  nav: Nav;
  navBack: Nav[];
  navForward: Nav[];
  /** A new step: the current one goes on the back stack. */
  go(patch: Partial<Nav>): void;
  setFilter(patch: Partial<WsFilter>): void;
  goBack(): void;
  goForward(): void;
  /** Show this view with no history (a reopened case, a reset). */
  restoreNav(nav: Nav): void;
  /** Reads the view saved in the open case and shows it (before the case's lists first load). */
  reopenSavedView(): Promise<void>;
}

const MAX_HISTORY = 100;

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

  restoreNav: (nav) => {
    set({ nav, navBack: [], navForward: [] });
  },

  reopenSavedView: async () => {
    let saved: string | null = null;
    try {
      saved = (await conn.api.getViewState({})).state;
    } catch (err) {
      get().reportError('Reopening the saved view', err);
    }
    get().restoreNav(parseSavedNav(saved));
  },
});
