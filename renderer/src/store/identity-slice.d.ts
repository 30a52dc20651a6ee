import type { IdentityQuery } from '../../../shared/api';
import type { Category, Identity } from '../../../shared/model';
import { type Paged } from './paged';
import type { SliceCreator } from './slice';
export type CategoryFilter = Category | 'all';
export type IdentitySort = NonNullable<IdentityQuery['sort']>;
export interface IdentityFilter {
    category: CategoryFilter;
    search: string;
    sort: IdentitySort;
}
export interface IdentitySlice {
    identityFilter: IdentityFilter;
    identities: Paged<Identity>;
    selectedIdentity: Identity | null;
    setIdentityFilter(patch: Partial<IdentityFilter>): void;
    loadIdentities(first: number, last: number): void;
    reloadIdentities(): void;
    /** Selecting an identity filters the events to it; null shows every identity's events. */
    selectIdentity(identity: Identity | null): void;
    /** A different case: back to the unfiltered lists with nothing selected. */
    resetWorkspace(): void;
}
export declare const createIdentitySlice: SliceCreator<IdentitySlice>;
