/** Rows fetched on demand, one page at a time, for a list that may hold millions (events) or thousands (identities). */
export const PAGE_SIZE = 200;

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

export function emptyPaged<T>(key = 0): Paged<T> {
  return { key, total: null, pages: {}, loading: {}, failed: {} };
}

export function resetPaged<T>(p: Paged<T>): Paged<T> {
  return emptyPaged<T>(p.key + 1);
}

export function rowAt<T>(p: Paged<T>, index: number): T | undefined {
  return p.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}

/** The pages covering rows first..last (inclusive) that are neither loaded, loading, nor failed. */
export function pagesToLoad<T>(p: Paged<T>, first: number, last: number): number[] {
  const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
  const to = p.total === null ? from : Math.floor(Math.max(first, last) / PAGE_SIZE);
  const out: number[] = [];
  for (let n = from; n <= to; n++) if (!p.pages[n] && !p.loading[n] && !p.failed[n]) out.push(n);
  return out;
}

export function withLoading<T>(p: Paged<T>, page: number): Paged<T> {
  return { ...p, loading: { ...p.loading, [page]: true } };
}

export function withPage<T>(p: Paged<T>, page: number, rows: T[], total: number): Paged<T> {
  const { [page]: _done, ...loading } = p.loading;
  return { ...p, total, pages: { ...p.pages, [page]: rows }, loading };
}

export function withFailure<T>(p: Paged<T>, page: number): Paged<T> {
  const { [page]: _done, ...loading } = p.loading;
  return { ...p, loading, failed: { ...p.failed, [page]: true }, total: p.total ?? 0 };
}
