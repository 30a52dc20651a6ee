// The app:// protocol: serves the built renderer (dist/renderer/) and nothing else. Pure Node (fs is a parameter with a
// default), no Electron import, so it is unit-tested in plain Node with the global Request/Response.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isAppUrl } from './origin';

/** The one Content-Security-Policy of every app:// response (DESIGN §9). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `target` is `root` itself or inside it (after resolving both). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(target));
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// URL to a file under `root`. "/" (and any extension-less path, for client-side routes) is
 * index.html. Refuses other origins, encoded separators, NUL, backslashes, "." and ".." segments, and anything that
 * would resolve outside `root`.
 */
export function resolveAppPath(root: string, url: string): Resolved {
  if (!isAppUrl(url)) return { ok: false, status: 403, reason: 'not the app origin' };
  const raw = new URL(url).pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'bad character' };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, status: 403, reason: 'path traversal' };
  if (segments.some((s) => /^[a-zA-Z]:/.test(s))) return { ok: false, status: 403, reason: 'drive letter' };
  const last = segments[segments.length - 1];
  const rel = segments.length === 0 || path.extname(last ?? '') === '' ? ['index.html'] : segments;
  const file = path.resolve(root, ...rel);
  if (!isInside(root, file)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  return { ok: true, file };
}

/** Headers on every app:// response. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

export interface ProtocolFs {
  readFile(file: string): Promise<Uint8Array>;
  /** Resolves symlinks; used to refuse a link inside dist/renderer that points outside it. */
  realpath(file: string): Promise<string>;
}

const nodeFs: ProtocolFs = {
  readFile: (f) => fsp.readFile(f),
  realpath: (f) => fsp.realpath(f),
};

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** The protocol.handle(APP_SCHEME, ...) handler for the renderer folder `root`. */
export function createAppProtocolHandler(root: string, fs: ProtocolFs = nodeFs) {
  const rootResolved = path.resolve(root);
  let realRoot: Promise<string> | null = null;
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const r = resolveAppPath(rootResolved, request.url);
    if (!r.ok) return textResponse(r.status, r.reason);
    try {
      // A symlink under the renderer folder must not lead out of it. (Inside an asar archive realpath may not
      // apply; then the lexical check above stands.)
      realRoot ??= fs.realpath(rootResolved).catch(() => rootResolved);
      const [rootReal, fileReal] = await Promise.all([realRoot, fs.realpath(r.file).catch(() => r.file)]);
      if (!isInside(rootReal, fileReal)) return textResponse(403, 'outside the renderer folder');
      const body = await fs.readFile(r.file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          ...securityHeaders(),
          'content-type': contentTypeFor(r.file),
          'content-length': String(body.byteLength),
        },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'not found');
      return textResponse(500, 'could not read the file');
    }
  };
}
