import type { IdentityExRow, IdentityFacets } from '../../../shared/methods/workspace';
import { type Paged } from './paged';
import type { SliceCreator } from './slice';
/** The identity explorer's rows and facet counts, both read under nav.explorer. */
export interface ExplorerSlice {
    explorerRows: Paged<IdentityExRow>;
    facets: IdentityFacets | null;
    loadExplorer(first: number, last: number): void;
    reloadExplorer(): void;
}
export declare const createExplorerSlice: SliceCreator<ExplorerSlice>;
