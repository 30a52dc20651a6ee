export interface PageWindow {
    location: Pick<Location, 'search' | 'pathname' | 'hash'>;
    history: Pick<History, 'replaceState' | 'state'>;
    sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}
/**
 * The token `trailmark serve` put in the URL (?token=) moves, on the first load, into this tab's sessionStorage
 * and out of the address bar and the history entry (history.replaceState), so it is in neither the browser's
 * history nor a copied link. Returns the token this tab holds (after a reload: the one kept), or null.
 */
export declare function takeTokenFromUrl(w: PageWindow): string | null;
