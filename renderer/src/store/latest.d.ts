/**
 * "Latest request wins": every request started supersedes the ones before it, and an answer is applied only while
 * its request is still the latest, so a slow answer to an old filter or selection never overwrites a newer one.
 */
export interface Latest {
    /** Calls ok (or fail) with the answer if no request started after this one, nor a drop. */
    then<T>(answer: Promise<T>, ok: (value: T) => void, fail?: (err: unknown) => void): void;
    /** Supersedes every request started so far (a reset, a cleared selection, an unmount). */
    drop(): void;
}
export declare function latestRequest(): Latest;
