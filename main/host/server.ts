import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROGRESS_ROUTE } from '../../shared/api';
import { httpStatusOf, TrailmarkError, type ApiResponse } from '../../shared/errors';
import { advertiseRunningCase } from '../core/api/running-case';
import type { CoreService } from '../core/api/service';
import { hasPageCookie, hasToken, hostAllowed, newToken, originAllowed, pageCookie, sameSecret } from './auth';
import { loadStatic } from './static-files';

export const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const MAX_BODY = 1 << 20;

export interface HostOptions {
  core: CoreService;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string; // with ?token=, to open once in a browser
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The loopback host: the built renderer and the same API over HTTP, on 127.0.0.1 only, behind a per-run token. */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? newToken();
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(err as Error).message}`);
      else res.end();
    });
  });

  // A client that keeps its connection open (the page, a test's request context) may send on it just as the server
  // closes it for idleness, and a POST sent on a closing socket is not retried: "socket hang up". Node closes idle
  // connections about 6 s after the last response by default; this host has one local user, so they stay a minute.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (!hostAllowed(req, port)) return send(res, 421, 'text/plain; charset=utf-8', 'unknown Host\n');
    if (!originAllowed(req, port)) return send(res, 403, 'text/plain; charset=utf-8', 'cross-origin request refused\n');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = () =>
      send(
        res,
        401,
        'text/plain; charset=utf-8',
        'Trailmark: open the URL with its token, as `trailmark serve` printed it.\n',
      );

    // The API and the progress stream take the token in its header only (the page keeps it in sessionStorage).
    if (url.pathname.startsWith('/api/')) {
      if (!hasToken(req, token)) return refuse();
      if (url.pathname === PROGRESS_ROUTE && req.method === 'GET') return openProgressStream(res);
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'use POST\n');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'text/plain; charset=utf-8', 'JSON only\n');
      const body = await readBody(req);
      let params: unknown;
      let reply: ApiResponse<unknown>;
      try {
        params = body.length ? JSON.parse(body) : {};
        reply = await opts.core.dispatch(url.pathname.slice('/api/'.length), params);
      } catch (err) {
        reply = { ok: false, error: { kind: 'bad_request', message: `request body: ${(err as Error).message}` } };
      }
      const status = reply.ok ? 200 : httpStatusOf(reply.error.kind);
      return send(res, status, 'application/json; charset=utf-8', JSON.stringify(reply));
    }
    // The page's files: on the tokenized URL (which the page then takes out of the address bar), the page cookie
    // that URL sets (so a reload works), or the header.
    if (url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') ?? '', token))
        return send(res, 403, 'text/plain; charset=utf-8', 'wrong token\n');
      res.setHeader('Set-Cookie', pageCookie(token, port));
    } else if (!hasToken(req, token) && !hasPageCookie(req, token, port)) return refuse();
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const file = await loadStatic(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    res.setHeader('Content-Security-Policy', CSP);
    return send(res, 200, file.type, file.body);
  }

  function openProgressStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': trailmark progress\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = opts.core.onProgress((p) => {
    const line = `data: ${JSON.stringify(p)}\n\n`;
    for (const s of streams) s.write(line);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new TrailmarkError(
              'bad_input',
              `cannot listen on 127.0.0.1:${opts.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`,
            )
          : err,
      ),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  // A CLI command on the open case reaches this process instead of failing on the case's lock.
  const stopAdvertising = advertiseRunningCase(opts.core.session, { port, token });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      await stopAdvertising();
      await new Promise<void>((resolve) => {
        unsubscribe();
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`larger than ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
