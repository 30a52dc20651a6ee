import { mkdir, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { startHost, type RunningHost } from '../../main/host/server';
import { openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  port: number,
  p: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
) {
  return new Promise<Reply & { reusedSocket: boolean }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: p,
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
        ...(opts.agent ? { agent: opts.agent } : {}),
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('loopback host', () => {
  let core: CoreService;
  let host: RunningHost;
  beforeAll(async () => {
    ({ core } = await openTempCase());
    const renderer = path.join(await tempDir(), 'renderer');
    await mkdir(renderer);
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Trailmark</title>');
    host = await startHost({ core, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    core.close();
  });

  it('listens on 127.0.0.1 only and prints a URL with its token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('answers nothing without the token', async () => {
    expect((await call(host.port, '/')).status).toBe(401);
    expect((await call(host.port, '/?token=wrong')).status).toBe(403);
    const api = await call(host.port, '/api/caseInfo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
  });

  it('serves the UI with a CSP on the tokenized URL, setting a page cookie bound to the port', async () => {
    const first = await call(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('Trailmark');
    expect(String(first.headers['content-security-policy'])).toContain("default-src 'self'");
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^trailmark_page_${host.port}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(host.token);
    const page = await call(host.port, '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200); // a reload, once the page took the token out of the URL
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const auth = { 'x-trailmark-token': host.token };
    expect((await call(host.port, '/', { headers: { ...auth, host: `evil.example:${host.port}` } })).status).toBe(421);
    const cross = await call(host.port, '/api/caseInfo', {
      method: 'POST',
      headers: { ...auth, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
  });

  it('serves the API from the one table, errors as data', async () => {
    const headers = { 'x-trailmark-token': host.token, 'content-type': 'application/json' };
    const ok = await call(host.port, '/api/caseInfo', { method: 'POST', headers, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { events: 0 } });
    const bad = await call(host.port, '/api/queryEvents', { method: 'POST', headers, body: '{"limit":-1}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    const unknown = await call(host.port, '/api/dropTables', { method: 'POST', headers, body: '{}' });
    expect(JSON.parse(unknown.body).error.message).toMatch(/unknown method/);
    const traversal = await call(host.port, '/..%2f..%2fetc%2fpasswd', {
      headers: { 'x-trailmark-token': host.token },
    });
    expect(traversal.status).toBe(404);
  });
});

// Found by an end-to-end run: a test's request context sent a POST on a connection idle for about 6 s, just as Node
// closed it for idleness (5 s by default, closed a second later), and got "socket hang up". No test had left a kept
// connection idle that long.
describe('loopback host, a kept connection', () => {
  it("stays open past Node's 5-second idle limit, so a call after a pause reuses it", async () => {
    const { core } = await openTempCase();
    const host = await startHost({ core, rendererDir: await tempDir() });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const headers = { 'x-trailmark-token': host.token, 'content-type': 'application/json' };
      const first = await call(host.port, '/api/caseInfo', { method: 'POST', headers, body: '{}', agent });
      expect(first.status).toBe(200);
      await new Promise((r) => setTimeout(r, 6_500));
      const second = await call(host.port, '/api/caseInfo', { method: 'POST', headers, body: '{}', agent });
      expect(second).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
      await host.close();
      await core.close();
    }
  });
});

describe('loopback host on a port in use', () => {
  it('fails with a clear error naming the port', async () => {
    const { core } = await openTempCase();
    const renderer = await tempDir();
    const first = await startHost({ core, rendererDir: renderer });
    await expect(startHost({ core, rendererDir: renderer, port: first.port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${first.port}: the port is in use`,
    );
    await first.close();
    core.close();
  });
});
