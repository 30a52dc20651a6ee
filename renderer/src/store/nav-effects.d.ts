import type { TrailmarkConnection } from '../../../shared/client';
import type { AppStore } from './create-store';
/**
 * What follows a change of view or filter, wherever it came from (a click, back/forward, a reopened case): the
 * lists re-query, the identity in focus is read, and the view is saved in the case so it reopens exactly.
 */
export declare function wireNavEffects(store: AppStore, conn: TrailmarkConnection): void;
