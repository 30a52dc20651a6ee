import type { EventDetail } from '../../../shared/model';
import { latestRequest } from './latest';
import type { SliceCreator } from './slice';

export interface EventDetailSlice {
  selectedEventUid: string | null;
  eventDetail: EventDetail | null;
  /** Why the selected event could not be read (also in the error banner). */
  eventDetailError: string | null;
  /** time: the event's time as a page showed it, when known (the read is then quick on a large case). */
  selectEvent(eventUid: string | null, time?: string): Promise<void>;
}

export const createEventDetailSlice: SliceCreator<EventDetailSlice> = (set, get, conn) => {
  const latest = latestRequest();
  return {
    selectedEventUid: null,
    eventDetail: null,
    eventDetailError: null,

    selectEvent: async (eventUid, time) => {
      set({ selectedEventUid: eventUid, eventDetail: null, eventDetailError: null });
      if (!eventUid) return latest.drop();
      latest.then(
        conn.api.getEvent(time === undefined ? { event_uid: eventUid } : { event_uid: eventUid, time }),
        (eventDetail) => set({ eventDetail }),
        (err) => {
          set({ eventDetailError: err instanceof Error ? err.message : String(err) });
          get().reportError('Opening the event', err);
        },
      );
    },
  };
};
