// The app:// origin policy and protocol handler, run in plain Node against real files.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths';

import {
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  createAppProtocolHandler,
  isInside,
  resolveAppPath,
} from '../../main/electron/app-protocol';

import { APP_ENTRY_URL, isAllowedNavigation, isAllowedRequestUrl, isAppUrl } from '../../main/electron/origin';

describe('origin policy', () => {
  it('allows requests to the app, DevTools and data: only', () => {
    for (const ok of [
      APP_ENTRY_URL,
      'app://trailmark/assets/index-abc.js',
      'devtools://devtools/x',
      'data:image/png;base64,AA',
    ])
      expect(isAllowedRequestUrl(ok), ok).toBe(true);
    for (const bad of [
      'https://example.com/',
      'http://127.0.0.1:8080/api/appInfo',
      'ws://127.0.0.1/',
      'file:///etc/passwd',
      'ftp://x/',
      'app://other/index.html',
      'chrome-extension://abc/x.js',
      'blob:https://example.com/uuid',
      '',
      'garbage',
    ])
      expect(isAllowedRequestUrl(bad), bad).toBe(false);
  });

  it('never navigates away from the app', () => {
    expect(isAllowedNavigation('app://trailmark/index.html#/identities')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/x.html')).toBe(false);
    expect(isAllowedNavigation('devtools://devtools/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('app:// path containment', () => {
  const root = path.resolve('/srv/trailmark/dist/renderer');
  const file = (url: string) => {
    const r = resolveAppPath(root, url);
    return r.ok ? r.file : r.status;
  };

  it('maps app URLs to files under the renderer folder', () => {
    expect(file('app://trailmark/')).toBe(path.join(root, 'index.html'));
    expect(file('app://trailmark')).toBe(path.join(root, 'index.html'));
    expect(file('app://trailmark/index.html')).toBe(path.join(root, 'index.html'));
    expect(file('app://trailmark/assets/index-1a2b.js?v=1#x')).toBe(path.join(root, 'assets', 'index-1a2b.js'));
    expect(file('app://trailmark/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
    // Client-side routes (no extension) get the app's page.
    expect(file('app://trailmark/identities/abc')).toBe(path.join(root, 'index.html'));
  });

  it('keeps URL-normalised dot segments inside the folder', () => {
    // The URL parser already folds ../ (plain or %2e%2e) against the root; what is left must stay inside.
    for (const url of ['app://trailmark/../../../etc/passwd.txt', 'app://trailmark/%2e%2e/%2E%2E/etc/passwd.txt']) {
      expect(resolveAppPath(root, url)).toEqual({ ok: true, file: path.join(root, 'etc', 'passwd.txt') });
    }
  });

  it.each([
    ['app://trailmark/..%2f..%2fetc%2fpasswd.txt', 403],
    ['app://trailmark/assets/..%2F..%2F..%2Fsecret.js', 403],
    ['app://trailmark/%2e%2e%2fx.js', 403],
    ['app://trailmark/.%2fx.js', 403],
    ['app://trailmark/..%5c..%5cwindows%5cwin.ini', 400],
    ['app://trailmark/a%5cb.js', 400],
    ['app://trailmark/index.html%00.png', 400],
    ['app://trailmark/%E0%A4%A.js', 400],
    ['app://trailmark/C:%2fWindows%2fwin.ini', 403],
    ['app://evil/index.html', 403],
    ['app://trailmark:99/index.html', 403],
    ['https://trailmark/index.html', 403],
    ['file:///etc/passwd', 403],
  ] as const)('refuses %s', (url, status) => {
    const r = resolveAppPath(root, url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });

  it('isInside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isInside('/a/b', '/a/b/..foo')).toBe(true); // a file named "..foo" is inside
  });

  it('content types', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x/INDEX-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('noext')).toBe('application/octet-stream');
  });
});

describe('app:// protocol handler (real files)', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await tempDir('trailmark-proto-');
    root = path.join(dir, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Trailmark</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
  });
  const get = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

  it('serves the page with the CSP and the right content type', async () => {
    const res = await get('app://trailmark/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Trailmark</title>');

    const js = await get('app://trailmark/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the CSP is the strict one from the design', () => {
    for (const part of [
      "default-src 'self'",
      "img-src 'self' data:",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(CONTENT_SECURITY_POLICY).toContain(part);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('404 for missing files, 405 for other methods, HEAD without a body', async () => {
    expect((await get('app://trailmark/assets/missing.js')).status).toBe(404);
    expect((await get('app://trailmark/assets.js')).status).toBe(404);
    expect((await get('app://trailmark/index.html', 'POST')).status).toBe(405);
    const head = await get('app://trailmark/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses traversal and links that lead out of the folder', async () => {
    const traversal = await get('app://trailmark/..%2fsecret.txt');
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('secret');
    const link = await get('app://trailmark/assets/leak.txt');
    expect(link.status).toBe(403);
    expect(await link.text()).not.toBe('secret');
    expect((await get('app://other/index.html')).status).toBe(403);
  });
});
