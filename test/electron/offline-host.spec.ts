// "A running app instance makes no network request" (issue 7), checked on the host shell, which runs here: the real
// `trailmark serve` on a real case, observed from inside its process (test/electron/net-guard.mjs records every
// connection, listening socket, UDP send and DNS lookup it makes), and the real renderer in Debian's Chromium with every
// request the page makes recorded. The only traffic allowed is the page talking to the host on 127.0.0.1.
// (The Electron app's own check is in smoke.spec.ts, which runs where the Electron runtime exists.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, expect, test } from '@playwright/test';
import { ROOT } from '../../build/electron-runtime.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CLI = path.join(ROOT, 'bin', 'trailmark.mjs');
const SAMPLE = path.resolve(ROOT, '../shared/samples/aws_cloudtrail/stratus-red-team');
const skipReason = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (Debian's chromium package)`
  : !existsSync(SAMPLE)
    ? `no samples at ${SAMPLE}`
    : null;
if (skipReason) console.log(`[skip] offline host test: ${skipReason}`);

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

interface NetEntry {
  kind: 'connect' | 'listen' | 'udp' | 'dns';
  host: string | null;
  port: number | string | null;
  path: string | null;
}

test.describe('offline: the host shell', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let dir = '';
  let server: ChildProcess | undefined;

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('serves a case and its page with no traffic but loopback', async () => {
    if (
      !existsSync(path.join(ROOT, 'dist', 'cli.mjs')) ||
      !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))
    ) {
      const b = spawnSync(process.execPath, [path.join(ROOT, 'build', 'build.mjs'), 'cli', 'renderer'], { cwd: ROOT });
      expect(b.status).toBe(0);
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'trailmark-offline-'));
    const casePath = path.join(dir, 'offline.trailmark');
    const netLog = path.join(dir, 'net.jsonl');
    const guard = ['--import', path.join(ROOT, 'test', 'electron', 'net-guard.mjs')];
    const env = { ...process.env, TRAILMARK_NET_LOG: netLog };
    const ingest = spawnSync(process.execPath, [...guard, CLI, 'ingest', casePath, SAMPLE], { cwd: ROOT, env });
    expect(ingest.status, String(ingest.stderr)).toBe(0);

    server = spawn(process.execPath, [...guard, CLI, 'serve', casePath, '--json'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      server!.once('exit', (code) => reject(new Error(`trailmark serve exited with ${code}`)));
      createInterface({ input: server!.stdout! }).once('line', resolve);
    });
    const { url, port } = JSON.parse(first) as { url: string; port: number };
    expect(new URL(url).hostname).toBe('127.0.0.1');

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const requests: string[] = [];
    try {
      const context = await browser.newContext();
      context.on('request', (r) => void requests.push(r.url()));
      const page = await context.newPage();
      page.on('websocket', (ws) => void requests.push(ws.url()));
      await page.goto(url);
      await expect(page.getByTestId('identity-row').first()).toBeVisible({ timeout: 60_000 });
      await page.getByTestId('identity-row').first().click();
      await page.waitForLoadState('networkidle');
      // The page's own CSP stops it reaching anywhere else, even when asked to.
      const outcome = await page.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'loaded',
          () => 'blocked',
        ),
      );
      expect(outcome).toBe('blocked');
    } finally {
      await browser.close();
    }

    expect(requests.length).toBeGreaterThan(0);
    const foreign = requests.filter((u) => {
      const parsed = new URL(u);
      if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
      return !(parsed.hostname === '127.0.0.1' && Number(parsed.port) === port);
    });
    expect(foreign, 'requests the page made to anything but the host').toEqual([]);

    const entries = readFileSync(netLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as NetEntry);
    const listens = entries.filter((e) => e.kind === 'listen');
    expect(listens.length, 'the host listened').toBeGreaterThan(0);
    const offLoopback = entries.filter((e) => e.path === null && e.host !== null && !LOOPBACK.has(e.host));
    expect(offLoopback, 'connections, lookups, sends or listening sockets off the loopback').toEqual([]);
    expect(listens.every((e) => e.path !== null || e.host === '127.0.0.1')).toBe(true);
  });
});
