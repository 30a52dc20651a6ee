import { type Paged } from './paged';
interface PagedAccess<T> {
    read(): Paged<T>;
    write(p: Paged<T>): void;
    fetch(offset: number, limit: number): Promise<{
        rows: T[];
        total: number;
    }>;
    onError(err: unknown): void;
}
/** Fetches the missing pages under rows first..last; answers that arrive after a filter change are dropped. */
export declare function loadPages<T>(access: PagedAccess<T>, first: number, last: number): void;
export {};
