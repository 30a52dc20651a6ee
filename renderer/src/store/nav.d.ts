import { EventFilter, EventOrder, EventSortColumn, IdentityFacetFilter, IdentitySort } from '../../../shared/methods/workspace';
import { type ViewId } from '../views/views';
/** The filter every view shares; the identity (nav.actor) is kept apart so views can widen or narrow it. */
export type WsFilter = Omit<EventFilter, 'actor_uids'>;
export declare const IDENTITY_STACKS: readonly ["operation", "service", "outcome"];
export type IdentityStack = (typeof IDENTITY_STACKS)[number];
export declare const CASE_STACKS: readonly ["category", "source"];
export type CaseStack = (typeof CASE_STACKS)[number];
export declare const MAX_COMPARE = 5;
/** Everything that says what is on screen: one snapshot per step of back/forward, saved in the case. */
export interface Nav {
    view: ViewId;
    /** The identity in focus (identity page; the events view filtered to it). */
    actor: string | null;
    /** Identities compared in the case timeline's swimlanes (at most MAX_COMPARE). */
    compare: string[];
    filter: WsFilter;
    /** How the identity timeline is stacked. */
    stack: IdentityStack;
    /** How the case timeline is split: its own choice, so visiting it never changes the identity timeline. */
    caseStack: CaseStack;
    explorer: IdentityFacetFilter & {
        sort: IdentitySort;
    };
    /** Event table columns the investigator hid. */
    hidden: string[];
    /** The event table's order: a column (then time), and its direction. */
    sort: EventSort;
    /** Event table column widths the investigator dragged, in px by column id. */
    widths: Record<string, number>;
    /** The lineage graph: around this finding (its identity is `actor`), or around `actor` when none. */
    graph?: LineageGraphNav;
}
export interface EventSort {
    column: EventSortColumn;
    order: EventOrder;
}
export interface LineageGraphNav {
    finding?: string;
    /** With a finding: every link of its identity, not only those active in its window. */
    all_time?: boolean;
    depth?: number;
}
export declare const DEFAULT_NAV: Nav;
/** Drops empty values so two equal filters compare equal and the saved state stays small. */
export declare function cleanFilter<T extends object>(f: T): T;
/** The view saved in the case (JSON text, or null when none was saved), read back as a view this version shows. */
export declare function parseSavedNav(saved: string | null): Nav;
