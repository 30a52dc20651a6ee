import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { startHost, type RunningHost } from '../../main/host/server';
import { PROGRESS_ROUTE } from '../../shared/api';
import { TOKEN_HEADER } from '../../shared/bridge';
import { openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

/** One request to the host; a streaming answer (the progress route) is resolved on its headers and dropped. */
function call(port: number, p: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; setCookie: string; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: p, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const done = (text: string) =>
          resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers['set-cookie'] ?? ''), body: text });
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          done('');
          res.destroy();
          return;
        }
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => done(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const api = (port: number, headers: Record<string, string>) =>
  call(port, '/api/caseInfo', { 'content-type': 'application/json', ...headers }, 'POST', '{}');

describe('the loopback host authenticates the page without a cookie any 127.0.0.1 port would receive', () => {
  let core: CoreService;
  let host: RunningHost;
  const dirs: string[] = [];
  beforeAll(async () => {
    let caseDir: string;
    ({ core, dir: caseDir } = await openTempCase());
    dirs.push(path.dirname(caseDir));
    const renderer = path.join(await tempDir(), 'renderer');
    dirs.push(path.dirname(renderer));
    await mkdir(renderer);
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Trailmark</title>');
    host = await startHost({ core, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    core.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('refuses the old-style token cookie, and the page cookie, on the API and the progress stream', async () => {
    const first = await call(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(200);
    const pageCookie = first.setCookie.split(';')[0]!;
    // What a service on another 127.0.0.1 port receives from the browser, and could replay here:
    for (const cookie of [`trailmark_token=${host.token}`, pageCookie]) {
      expect((await api(host.port, { cookie })).status, cookie).toBe(401);
      expect((await call(host.port, PROGRESS_ROUTE, { cookie })).status, cookie).toBe(401);
    }
    expect(pageCookie).not.toContain(host.token); // nor does it learn the token itself
    expect(pageCookie.startsWith(`trailmark_page_${host.port}=`)).toBe(true);
  });

  it('answers the token header', async () => {
    const ok = await api(host.port, { [TOKEN_HEADER]: host.token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
    expect((await call(host.port, PROGRESS_ROUTE, { [TOKEN_HEADER]: host.token })).status).toBe(200);
    expect((await api(host.port, { [TOKEN_HEADER]: 'x'.repeat(host.token.length) })).status).toBe(401);
  });

  it("a page cookie bound to another port's host opens nothing here", async () => {
    const other = await startHost({ core, rendererDir: path.join(REPO, 'renderer') });
    try {
      const theirs = (await call(other.port, `/?token=${other.token}`)).setCookie.split(';')[0]!;
      const renamed = theirs.replace(`trailmark_page_${other.port}=`, `trailmark_page_${host.port}=`);
      expect((await call(host.port, '/', { cookie: renamed })).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('the page code takes the token out of the URL (renderer/src/connection/host-token.test.ts tests how)', () => {
  it('the HTTP connection takes the token with takeTokenFromUrl and sends it as a header, never a cookie', async () => {
    const read = (f: string) => readFile(path.join(REPO, 'renderer/src/connection', f), 'utf8');
    expect(await read('http-connection.ts')).toMatch(/takeTokenFromUrl\(window\)/);
    expect(await read('host-token.ts')).toMatch(/history\.replaceState\(/);
    for (const f of ['http-transport.ts', 'http-progress.ts']) {
      const code = await read(f);
      expect(code, f).toMatch(/\[TOKEN_HEADER\]: token/);
      expect(code, f).toMatch(/credentials: 'omit'/);
    }
  });
});
