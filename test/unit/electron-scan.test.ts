// The electronegativity gate (build/electronegativity-scan.mjs, a step of `npm test`): it must fail on an insecure
// window, and accept only the documented findings. Electron itself is not needed (a static scan of sources).
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCEPTED, judge, scan } from '../../build/electronegativity-scan.mjs';
import { parse } from 'yaml';
import { REPO, tempDir } from '../helpers/paths';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('electronegativity gate', () => {
  it('fails an insecure window (nodeIntegration on, no context isolation)', async () => {
    dir = await tempDir('trailmark-scan-');
    await mkdir(path.join(dir, 'main-electron'));
    await writeFile(
      path.join(dir, 'main-electron', 'main.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
        "win.loadURL('https://example.com/');",
        '',
      ].join('\n'),
    );
    const { findings } = await scan(dir);
    const { failing } = judge(findings);
    expect(failing.some((f) => f.severity === 'HIGH')).toBe(true);
    expect(failing.map((f) => f.id)).toEqual(expect.arrayContaining(['NODE_INTEGRATION_JS_CHECK']));
  });

  it('accepts a finding only when it is listed with a reason, and never a HIGH one', () => {
    const f = (id: string, file: string, severity: 'LOW' | 'MEDIUM' | 'HIGH') => ({
      id,
      file,
      severity,
      confidence: 'FIRM',
      line: 1,
      sample: '',
    });
    const listed = ACCEPTED[0]!;
    expect(listed.why.length).toBeGreaterThan(40);
    expect(judge([f(listed.id, listed.file, 'MEDIUM')]).failing).toEqual([]);
    expect(judge([f(listed.id, 'elsewhere.ts', 'MEDIUM')]).failing).toHaveLength(1);
    expect(judge([f(listed.id, listed.file, 'HIGH')]).failing).toHaveLength(1);
    expect(judge([f('OPEN_EXTERNAL_JS_CHECK', 'main-electron/main.ts', 'LOW')]).failing).toHaveLength(1);
  });
});

describe('no network from the Electron code itself', () => {
  it('calls no auto-update, crash-report, external-open or network API, and loads no remote URL', () => {
    const dir = path.join(REPO, 'main', 'electron');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const forbidden = [
      /\bautoUpdater\b/,
      /\bcrashReporter\b/,
      /\bshell\.openExternal\b|\bopenExternal\(/,
      /\bnet\.(request|fetch)\b/,
      /from '(node:)?(http|https|http2|net|dgram|tls)'/,
      /\bloadURL\(\s*['"`]https?:/,
      /['"`]https?:\/\//,
    ];
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const re of forbidden) expect(text, `${f} matches ${re}`).not.toMatch(re);
    }
  });

  it('electron-builder.yml: no update feed, fuses against running as Node, the DuckDB binding unpacked', () => {
    const config = parse(readFileSync(path.join(REPO, 'build', 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config.publish).toBeNull();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asarUnpack).toEqual(['node_modules/@duckdb/node-bindings-*/**']);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'trailmark' })]);
    for (const os of ['linux', 'win', 'mac']) expect(config[os], os).toHaveProperty('icon');
  });
});
