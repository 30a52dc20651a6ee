import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../../shared/bridge';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The request carries this run's token in its header: the API's only credential (the page sends it). */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers[TOKEN_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && sameSecret(given, token);
}

/**
 * The page's own files (the app's HTML, scripts and styles) are served on a cookie set when the tokenized URL is
 * first opened, so that a reload works once the token has left the address bar. Browsers send a 127.0.0.1
 * cookie to every port of it, so this one opens nothing but those files: its name carries the port, its value
 * is derived from the token and that port (HMAC), and the API and progress stream never accept it.
 */
export function pageCookieName(port: number): string {
  return `trailmark_page_${port}`;
}

function pageCookieValue(token: string, port: number): string {
  return createHmac('sha256', token).update(`trailmark page cookie for 127.0.0.1:${port}`).digest('base64url');
}

export function pageCookie(token: string, port: number): string {
  return `${pageCookieName(port)}=${pageCookieValue(token, port)}; HttpOnly; SameSite=Strict; Path=/`;
}

export function hasPageCookie(req: IncomingMessage, token: string, port: number): boolean {
  const given = cookie(req, pageCookieName(port));
  return given !== null && sameSecret(given, pageCookieValue(token, port));
}

/** Only our own loopback names are accepted in Host: a DNS-rebinding page can't talk to us under its name. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/** Browsers send Origin on cross-site requests; ours must be absent or our own. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(
    origin.toLowerCase(),
  );
}
