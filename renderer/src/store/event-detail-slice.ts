import type { EventDetail } from '../../../shared/model';
import { latestRequest } from './latest';
import type { SliceCreator } from './slice';

export interface EventDetailSlice {
  selectedEventUid: string | null;
  eventDetail: EventDetail | null;
  /** Why the selected event could not be read (also in the error banner). */
  eventDetailError: string | null;
  selectEvent(eventUid: string | null): Promise<void>;
}

export const createEventDetailSlice: SliceCreator<EventDetailSlice> = (set, get, conn) => {
  const latest = latestRequest();
  return {
    selectedEventUid: null,
    eventDetail: null,
    eventDetailError: null,

    selectEvent: async (eventUid) => {
      set({ selectedEventUid: eventUid, eventDetail: null, eventDetailError: null });
      if (!eventUid) return latest.drop();
      latest.then(
        conn.api.getEvent({ event_uid: eventUid }),
        (eventDetail) => set({ eventDetail }),
        (err) => {
          set({ eventDetailError: err instanceof Error ? err.message : String(err) });
          get().reportError('Opening the event', err);
        },
      );
    },
  };
};
