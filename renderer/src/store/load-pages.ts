import { PAGE_SIZE, pagesToLoad, withFailure, withLoading, withPage, type Paged } from './paged';

interface PagedAccess<T> {
  read(): Paged<T>;
  write(p: Paged<T>): void;
  fetch(offset: number, limit: number): Promise<{ rows: T[]; total: number }>;
  onError(err: unknown): void;
}

/** Fetches the missing pages under rows first..last; answers that arrive after a filter change are dropped. */
export function loadPages<T>(access: PagedAccess<T>, first: number, last: number): void {
  const start = access.read();
  for (const page of pagesToLoad(start, first, last)) {
    access.write(withLoading(access.read(), page));
    access.fetch(page * PAGE_SIZE, PAGE_SIZE).then(
      (res) => {
        const now = access.read();
        if (now.key === start.key) access.write(withPage(now, page, res.rows, res.total));
      },
      (err: unknown) => {
        const now = access.read();
        if (now.key !== start.key) return;
        access.write(withFailure(now, page));
        access.onError(err);
      },
    );
  }
}
