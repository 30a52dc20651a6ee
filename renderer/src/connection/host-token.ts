/** This tab's copy of the host's token. sessionStorage is per origin, so per port, unlike a 127.0.0.1 cookie. */
const KEY = 'trailmark-host-token';

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
export function takeTokenFromUrl(w: PageWindow): string | null {
  const params = new URLSearchParams(w.location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    w.sessionStorage.setItem(KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    w.history.replaceState(
      w.history.state ?? null,
      '',
      `${w.location.pathname}${rest ? `?${rest}` : ''}${w.location.hash}`,
    );
  }
  return w.sessionStorage.getItem(KEY);
}
