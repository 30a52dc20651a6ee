import type { EventDetail } from '../../../shared/model';
import type { SliceCreator } from './slice';
export interface EventDetailSlice {
    selectedEventUid: string | null;
    eventDetail: EventDetail | null;
    /** Why the selected event could not be read (also in the error banner). */
    eventDetailError: string | null;
    selectEvent(eventUid: string | null): Promise<void>;
}
export declare const createEventDetailSlice: SliceCreator<EventDetailSlice>;
