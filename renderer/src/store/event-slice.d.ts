import type { EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Nav } from './nav';
import { type Paged } from './paged';
import type { SliceCreator } from './slice';
/** The events a view shows: the shared filter, narrowed to the identity in focus. */
export declare function eventQueryFilter(nav: Pick<Nav, 'filter' | 'actor'>): EventFilter;
export interface EventSlice {
    events: Paged<EventRow>;
    /** A free-text search's count is still running: the total shown so far is what has been read, plus a page. */
    eventsCounting: boolean;
    loadEvents(first: number, last: number): void;
    reloadEvents(): void;
}
export declare const createEventSlice: SliceCreator<EventSlice>;
