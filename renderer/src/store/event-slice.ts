import type { EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import { loadPages } from './load-pages';
import type { Nav } from './nav-slice';
import { emptyPaged, PAGE_SIZE, resetPaged, type Paged } from './paged';
import type { SliceCreator } from './slice';

/** The events a view shows: the shared filter, narrowed to the identity in focus. */
export function eventQueryFilter(nav: Pick<Nav, 'filter' | 'actor'>): EventFilter {
  return nav.actor ? { ...nav.filter, actor_uids: [nav.actor] } : { ...nav.filter };
}

export interface EventSlice {
  events: Paged<EventRow>;
  eventOrder: 'asc' | 'desc';
  loadEvents(first: number, last: number): void;
  reloadEvents(): void;
  setEventOrder(order: 'asc' | 'desc'): void;
}

export const createEventSlice: SliceCreator<EventSlice> = (set, get, conn) => ({
  events: emptyPaged(),
  eventOrder: 'asc',

  loadEvents: (first, last) => {
    if (!get().caseInfo) return;
    const filter = eventQueryFilter(get().nav);
    const order = get().eventOrder;
    loadPages(
      {
        read: () => get().events,
        write: (events) => set({ events }),
        // Scrolling on reads the next page by keyset from the last row of the one before (as fast deep down as
        // at the top); a jump into the middle of the table falls back to OFFSET.
        fetch: async (offset, limit) => {
          const p = get().events;
          const before = p.pages[offset / PAGE_SIZE - 1];
          const last = before?.[before.length - 1];
          const res = await conn.api.queryEvents({
            filter,
            order,
            offset,
            limit,
            count: p.total === null,
            ...(last ? { after: { time: last.time, event_uid: last.event_uid } } : {}),
          });
          return { rows: res.rows, total: res.total ?? get().events.total ?? 0 };
        },
        onError: (err) => get().reportError('Loading events', err),
      },
      first,
      last,
    );
  },

  reloadEvents: () => {
    set((s) => ({ events: resetPaged(s.events) }));
    void get().selectEvent(null);
  },

  setEventOrder: (order) => {
    set({ eventOrder: order });
    get().reloadEvents();
  },
});
