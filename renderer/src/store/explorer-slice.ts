import type { IdentityExRow, IdentityFacets } from '../../../shared/methods/workspace';
import { latestRequest } from './latest';
import { loadPages } from './load-pages';
import { emptyPaged, resetPaged, type Paged } from './paged';
import type { SliceCreator } from './slice';

/** The identity explorer's rows and facet counts, both read under nav.explorer. */
export interface ExplorerSlice {
  explorerRows: Paged<IdentityExRow>;
  facets: IdentityFacets | null;
  loadExplorer(first: number, last: number): void;
  reloadExplorer(): void;
}

export const createExplorerSlice: SliceCreator<ExplorerSlice> = (set, get, conn) => {
  const facets = latestRequest();
  return {
    explorerRows: emptyPaged(),
    facets: null,

    loadExplorer: (first, last) => {
      if (!get().caseInfo) return;
      const q = get().nav.explorer;
      loadPages(
        {
          read: () => get().explorerRows,
          write: (explorerRows) => set({ explorerRows }),
          fetch: (offset, limit) => conn.api.listIdentities({ ...q, offset, limit }),
          onError: (err) => get().reportError('Loading identities', err),
        },
        first,
        last,
      );
    },

    reloadExplorer: () => {
      set((s) => ({ explorerRows: resetPaged(s.explorerRows) }));
      if (!get().caseInfo) return;
      const { sort: _sort, ...filter } = get().nav.explorer;
      facets.then(
        conn.api.identityFacets(filter),
        (facets) => set({ facets }),
        (err) => get().reportError('Counting identity facets', err),
      );
    },
  };
};
