import type { EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import { latestRequest } from './latest';
import { loadPages } from './load-pages';
import type { Nav } from './nav';
import { emptyPaged, PAGE_SIZE, resetPaged, type Paged } from './paged';
import type { SliceCreator } from './slice';

/** The events a view shows: the shared filter, narrowed to the identity in focus. */
export function eventQueryFilter(nav: Pick<Nav, 'filter' | 'actor'>): EventFilter {
  return nav.actor ? { ...nav.filter, actor_uids: [nav.actor] } : { ...nav.filter };
}

export interface EventSlice {
  events: Paged<EventRow>;
  /** A free-text search's count is still running: the total shown so far is what has been read, plus a page. */
  eventsCounting: boolean;
  loadEvents(first: number, last: number): void;
  reloadEvents(): void;
}

export const createEventSlice: SliceCreator<EventSlice> = (set, get, conn) => {
  // A newer search (reloadEvents) replaces the count of the one before.
  const count = latestRequest();
  const countInBackground = () => {
    set({ eventsCounting: true });
    count.then(
      conn.api.countEvents({ filter: eventQueryFilter(get().nav) }),
      ({ total }) => set((s) => ({ events: { ...s.events, total }, eventsCounting: false })),
      (err) => {
        set({ eventsCounting: false });
        get().reportError('Counting events', err);
      },
    );
  };
  return {
    events: emptyPaged(),
    eventsCounting: false,

    loadEvents: (first, last) => {
      if (!get().caseInfo) return;
      const filter = eventQueryFilter(get().nav);
      const { column: sort, order } = get().nav.sort;
      loadPages(
        {
          read: () => get().events,
          write: (events) => set({ events }),
          // In time order, scrolling on reads the next page by keyset from the last row of the one before (as fast
          // deep down as at the top); a jump into the middle of the table, or another column's order, uses OFFSET.
          fetch: async (offset, limit) => {
            const p = get().events;
            const before = sort === 'time' ? p.pages[offset / PAGE_SIZE - 1] : undefined;
            const last = before?.[before.length - 1];
            // Free text reads raw records: the page comes first, and the count after it (countEvents, in the background).
            const text = Boolean(filter.text?.trim());
            const res = await conn.api.queryEvents({
              filter,
              sort,
              order,
              offset,
              limit,
              count: p.total === null && !text,
              ...(last ? { after: { time: last.time, event_uid: last.event_uid } } : {}),
            });
            if (!text) return { rows: res.rows, total: res.total ?? get().events.total ?? 0 };
            const full = res.rows.length === limit;
            if (offset === 0 && full && get().events.key === p.key) countInBackground();
            const counting = get().eventsCounting;
            const now = get().events.total;
            // The end of the results is known once a page comes back short; until the count lands, a full page
            // promises at least one more so the table can scroll on.
            if (!full) return { rows: res.rows, total: counting || now === null ? offset + res.rows.length : now };
            return {
              rows: res.rows,
              total: counting || now === null ? Math.max(now ?? 0, offset + limit + PAGE_SIZE) : now,
            };
          },
          onError: (err) => get().reportError('Loading events', err),
        },
        first,
        last,
      );
    },

    reloadEvents: () => {
      count.drop();
      set((s) => ({ events: resetPaged(s.events), eventsCounting: false }));
      void get().selectEvent(null);
    },
  };
};
