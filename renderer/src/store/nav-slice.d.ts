import { type Nav, type WsFilter } from './nav';
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
export declare const createNavSlice: SliceCreator<NavSlice>;
