// Electron smoke test: the real app on a demo case, its lock-down seen from inside the window. Runs where the Electron
// runtime is installed (and, on Linux, a display exists, e.g. under xvfb-run); elsewhere it skips and says why.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { API_METHODS } from '../../shared/api';
import { BRIDGE_KEY } from '../../shared/bridge';
import { ROOT, electronAppPath, electronEnv, findElectronRuntime, hasDisplay } from '../../build/electron-runtime.mjs';

const runtime = findElectronRuntime(ROOT);
const skipReason = !runtime.available
  ? `${runtime.reason}: this smoke test runs where it is (${runtime.detail})`
  : !hasDisplay()
    ? 'no display (DISPLAY / WAYLAND_DISPLAY unset): run this smoke test under xvfb-run'
    : null;
if (skipReason) console.log(`[skip] Electron smoke test: ${skipReason}`);

const NEEDED = [
  'dist/electron/main.mjs',
  'dist/electron/preload.cjs',
  'dist/electron/core-process.mjs',
  'dist/renderer/index.html',
  'dist/cli.mjs',
];
const SAMPLE_DIR = path.resolve(ROOT, '../shared/samples/aws_cloudtrail/stratus-red-team');

test.describe('Electron shell', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let dir = '';
  let app: ElectronApplication | undefined;

  test.beforeAll(() => {
    if (NEEDED.some((f) => !existsSync(path.join(ROOT, f)))) {
      execFileSync(process.execPath, [path.join(ROOT, 'build', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    }
  });

  test.afterEach(async () => {
    await app?.close().catch(() => {});
    app = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('opens a demo case in a locked-down window and lists its identities', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trailmark-electron-'));
    const casePath = path.join(dir, 'demo.trailmark');
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'trailmark.mjs'), 'demo', casePath], {
      cwd: ROOT,
      stdio: 'inherit',
    });

    app = await electron.launch({
      executablePath: runtime.executable!,
      args: [electronAppPath(ROOT), casePath],
      cwd: ROOT,
      env: { ...electronEnv(), TRAILMARK_USER_DATA_DIR: path.join(dir, 'profile') } as Record<string, string>,
    });
    // Every request any page of the app makes, from the first one on.
    const requests: string[] = [];
    app.context().on('request', (r) => void requests.push(r.url()));
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    await expect(page).toHaveTitle(/Trailmark/);
    expect(page.url()).toMatch(/^app:\/\/trailmark\//);

    // The bridge: named methods from the API table, nothing else of Node in the page.
    const bridge = await page.evaluate((key) => {
      const b = (window as unknown as Record<string, Record<string, unknown> | undefined>)[key];
      if (!b) return null;
      return {
        shell: b.shell,
        methods: Object.keys(b.methods as object).sort(),
        onProgress: typeof b.onProgress,
        pickPath: typeof b.pickPath,
        keys: Object.keys(b).sort(),
      };
    }, BRIDGE_KEY);
    expect(bridge).toEqual({
      shell: 'electron',
      methods: [...API_METHODS].sort(),
      onProgress: 'function',
      pickPath: 'function',
      keys: ['methods', 'onMenu', 'onProgress', 'pathForFile', 'pickPath', 'shell'],
    });
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, Buffer: typeof w.Buffer };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });

    // The case named on the command line is open, over IPC.
    const info = await page.evaluate((key) => {
      const b = (window as unknown as Record<string, { methods: Record<string, (p: unknown) => Promise<unknown>> }>)[
        key
      ]!;
      return b.methods.appInfo!({});
    }, BRIDGE_KEY);
    expect(info).toMatchObject({ ok: true, result: { shell: 'electron', caseOpen: true } });

    // The core runs in its own utility process, not in the main process.
    const types = await app.evaluate(({ app: a }) => a.getAppMetrics().map((m) => `${m.type}:${m.serviceName ?? ''}`));
    expect(types).toContain('Utility:Trailmark core');

    // The renderer process is sandboxed at the OS level (Electron reports this on macOS and Windows only).
    const sandboxed = await app.evaluate(({ app: a }) =>
      a
        .getAppMetrics()
        .filter((m) => m.type === 'Tab')
        .map((m) => m.sandboxed ?? null),
    );
    expect(sandboxed.length).toBeGreaterThan(0);
    for (const s of sandboxed) if (s !== null) expect(s).toBe(true);

    // No network, no pop-ups, the strict CSP on the app's own responses.
    const network = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    expect(network).toBe('blocked');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    const csp = await page.evaluate(() =>
      fetch('app://trailmark/index.html').then((r) => r.headers.get('content-security-policy')),
    );
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");

    // The identity list renders rows of the demo case.
    await expect(page.getByTestId('identity-row').first()).toBeVisible();
    expect(await page.getByTestId('identity-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: test.info().outputPath('electron-identities.png') });

    // No request left the app: only its own app:// origin (and data: images).
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !/^(app:\/\/trailmark\/|data:)/.test(u))).toEqual([]);

    // A second launch hands its case to this instance and exits; the case is remembered in the recent list.
    const second = path.join(dir, 'second.trailmark');
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'trailmark.mjs'), 'ingest', second, SAMPLE_DIR], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    execFileSync(runtime.executable!, [electronAppPath(ROOT), second], {
      cwd: ROOT,
      env: { ...electronEnv(), TRAILMARK_USER_DATA_DIR: path.join(dir, 'profile') },
      timeout: 60_000,
    });
    await expect
      .poll(() =>
        page.evaluate((key) => {
          const b = (
            window as unknown as Record<string, { methods: Record<string, (p: unknown) => Promise<unknown>> }>
          )[key]!;
          return b.methods.caseInfo!({}).then((r) => (r as { result?: { path?: string } }).result?.path);
        }, BRIDGE_KEY),
      )
      .toBe(second);
    const recent = JSON.parse(readFileSync(path.join(dir, 'profile', 'recent-cases.json'), 'utf8')) as {
      cases: string[];
    };
    expect(recent.cases.slice(0, 2)).toEqual([second, casePath]);

    // The window's size and position are saved when it closes.
    await app.close();
    app = undefined;
    const state = JSON.parse(readFileSync(path.join(dir, 'profile', 'window-state.json'), 'utf8')) as {
      width: number;
    };
    expect(state.width).toBeGreaterThan(0);
  });
});
