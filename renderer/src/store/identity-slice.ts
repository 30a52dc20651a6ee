import type { IdentityQuery } from '../../../shared/api';
import type { Category, Identity } from '../../../shared/model';
import { loadPages } from './load-pages';
import { DEFAULT_NAV } from './nav';
import { emptyPaged, resetPaged, type Paged } from './paged';
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

const DEFAULT_FILTER: IdentityFilter = { category: 'all', search: '', sort: 'events' };

export const createIdentitySlice: SliceCreator<IdentitySlice> = (set, get, conn) => ({
  identityFilter: DEFAULT_FILTER,
  identities: emptyPaged(),
  selectedIdentity: null,

  setIdentityFilter: (patch) => {
    set((s) => ({ identityFilter: { ...s.identityFilter, ...patch }, identities: resetPaged(s.identities) }));
  },

  loadIdentities: (first, last) => {
    if (!get().caseInfo) return;
    const { category, search, sort } = get().identityFilter;
    loadPages(
      {
        read: () => get().identities,
        write: (identities) => set({ identities }),
        fetch: (offset, limit) =>
          conn.api.listIdentities({
            ...(category === 'all' ? {} : { category }),
            ...(search.trim() ? { search: search.trim() } : {}),
            sort,
            offset,
            limit,
          }),
        onError: (err) => get().reportError('Loading identities', err),
      },
      first,
      last,
    );
  },

  reloadIdentities: () => set((s) => ({ identities: resetPaged(s.identities) })),

  selectIdentity: (identity) => {
    set({ selectedIdentity: identity });
    get().go({ actor: identity?.actor_uid ?? null });
  },

  resetWorkspace: () => {
    set((s) => ({ identityFilter: DEFAULT_FILTER, identities: resetPaged(s.identities), selectedIdentity: null }));
    get().resetFindings();
    get().restoreNav(DEFAULT_NAV);
  },
});
