// The app's one origin, and which URLs a window may load, navigate to or request. Pure (no Node, no Electron).

/** The renderer is served from app://trailmark/ (a privileged standard scheme, see main.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'trailmark';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://trailmark/... only: right scheme, right host, no port, no credentials. */
export function isAppUrl(url: string | null | undefined): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname.toLowerCase() === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * Which requests a window may make (session.webRequest.onBeforeRequest): the app's own origin, DevTools' own pages,
 * and data: URLs (CSP allows data: images). Everything else (http, https, ws, file, ftp, other schemes) is cancelled.
 */
export function isAllowedRequestUrl(url: string | null | undefined): boolean {
  if (isAppUrl(url)) return true;
  const u = parse(url);
  if (u === null) return false;
  return u.protocol === 'devtools:' || u.protocol === 'data:';
}

/** A window never leaves the app origin (will-navigate, will-redirect, will-frame-navigate). */
export function isAllowedNavigation(url: string | null | undefined): boolean {
  return isAppUrl(url);
}
