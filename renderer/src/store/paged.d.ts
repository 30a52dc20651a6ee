/** Rows fetched on demand, one page at a time, for a list that may hold millions (events) or thousands (identities). */
export declare const PAGE_SIZE = 200;
export interface Paged<T> {
    /** Bumped on every filter change; answers for an older key are dropped. */
    key: number;
    /** null until the first page answers. */
    total: number | null;
    pages: Record<number, T[]>;
    loading: Record<number, true>;
    /** Pages whose call failed: not retried until the next reset, so scrolling can't flood the error banner. */
    failed: Record<number, true>;
}
export declare function emptyPaged<T>(key?: number): Paged<T>;
export declare function resetPaged<T>(p: Paged<T>): Paged<T>;
export declare function rowAt<T>(p: Paged<T>, index: number): T | undefined;
/** The pages covering rows first..last (inclusive) that are neither loaded, loading, nor failed. */
export declare function pagesToLoad<T>(p: Paged<T>, first: number, last: number): number[];
export declare function withLoading<T>(p: Paged<T>, page: number): Paged<T>;
export declare function withPage<T>(p: Paged<T>, page: number, rows: T[], total: number): Paged<T>;
export declare function withFailure<T>(p: Paged<T>, page: number): Paged<T>;
