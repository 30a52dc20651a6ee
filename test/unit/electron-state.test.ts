// The Electron shell's remembered state and what it opens, in plain Node (no Electron runtime here; nothing of Electron
// is imported): window state and recent cases on real files, command lines and drops, the drop handler with fake
// events, and the licences list generated from the real node_modules.
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectComponents, importedPackages } from '../../build/licences.mjs';
import { caseBesideEvidence, openRequestFromArgv, openRequestFromDrop } from '../../main/electron/argv';
import { installDropHandler, type DragEventLike } from '../../main/electron/preload-drop';
import { MAX_RECENT, RecentCases } from '../../main/electron/recent-cases';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  trackWindowState,
} from '../../main/electron/window-state';
import { REPO, tempDir } from '../helpers/paths';

const dirs: string[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const dir = async () => {
  const d = await tempDir('trailmark-state-');
  dirs.push(d);
  return d;
};

describe('window state', () => {
  it('round-trips through the file; a missing or damaged file gives the default', async () => {
    const file = path.join(await dir(), 'profile', 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { width: 1000, height: 700, x: 10, y: 20, maximized: true });
    expect(loadWindowState(file)).toEqual({ width: 1000, height: 700, x: 10, y: 20, maximized: true });
    writeFileSync(file, '{"width": "huge"');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: 5, height: 5 }));
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('fits the remembered window to the screens there are now', () => {
    const screen = { x: 0, y: 0, width: 1920, height: 1040 };
    const second = { x: 1920, y: 0, width: 1280, height: 1000 };
    const state = { width: 1200, height: 800, x: 2000, y: 50, maximized: false };
    expect(fitToDisplays(state, [screen, second])).toEqual(state);
    // The second screen is gone: the position is dropped (the OS centres the window).
    expect(fitToDisplays(state, [screen])).toEqual({ width: 1200, height: 800, maximized: false });
    // Larger than any screen: shrunk.
    expect(fitToDisplays({ width: 4000, height: 3000, maximized: true }, [screen])).toEqual({
      width: 1920,
      height: 1040,
      maximized: true,
    });
    // The title bar above the top of the screen: dropped.
    expect(fitToDisplays({ ...state, x: 10, y: -500 }, [screen])).not.toHaveProperty('x');
    expect(fitToDisplays(state, [])).toEqual(state);
  });

  it('saves while the window moves (debounced) and at once when it closes', () => {
    vi.useFakeTimers();
    const listeners = new Map<string, () => void>();
    let bounds = { x: 5, y: 6, width: 1000, height: 700 };
    let maximized = false;
    const saved: unknown[] = [];
    trackWindowState(
      {
        on: (e, l) => void listeners.set(e, l),
        getNormalBounds: () => bounds,
        isMaximized: () => maximized,
      },
      (s) => void saved.push(s),
      100,
    );
    listeners.get('resize')!();
    bounds = { x: 7, y: 8, width: 1001.4, height: 702 };
    listeners.get('move')!();
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(saved).toEqual([{ x: 7, y: 8, width: 1001, height: 702, maximized: false }]);
    maximized = true;
    listeners.get('maximize')!();
    listeners.get('close')!();
    expect(saved.at(-1)).toEqual({ x: 7, y: 8, width: 1001, height: 702, maximized: true });
    vi.advanceTimersByTime(1000);
    expect(saved).toHaveLength(2);
  });
});

describe('recent cases', () => {
  it('keeps the most recent first, each case once, at most MAX_RECENT, across restarts', async () => {
    const file = path.join(await dir(), 'recent-cases.json');
    const r = new RecentCases(file);
    expect(r.list()).toEqual([]);
    r.add('/c/a.trailmark');
    r.add('/c/b.trailmark/');
    r.add('/c/a.trailmark');
    expect(r.list()).toEqual(['/c/a.trailmark', '/c/b.trailmark']);
    expect(new RecentCases(file).list()).toEqual(['/c/a.trailmark', '/c/b.trailmark']);
    for (let i = 0; i < MAX_RECENT + 5; i++) r.add(`/c/${i}.trailmark`);
    expect(r.list()).toHaveLength(MAX_RECENT);
    expect(r.list()[0]).toBe(`/c/${MAX_RECENT + 4}.trailmark`);
    r.remove(`/c/${MAX_RECENT + 4}.trailmark`);
    expect(r.list()).not.toContain(`/c/${MAX_RECENT + 4}.trailmark`);
    r.clear();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ cases: [] });
    writeFileSync(file, 'not json');
    expect(new RecentCases(file).list()).toEqual([]);
  });
});

describe('what to open', () => {
  it('from a command line: the case and evidence files, not switches or the app', () => {
    expect(openRequestFromArgv(['.', '--no-sandbox', '/x/logs.tar.gz', '/x/a.trailmark', 'b.JSONL'])).toEqual({
      casePath: '/x/a.trailmark',
      evidence: ['/x/logs.tar.gz', 'b.JSONL'],
    });
    expect(openRequestFromArgv(['/opt/Trailmark/trailmark', '--inspect=x.json'])).toEqual({
      casePath: null,
      evidence: [],
    });
  });

  it('from a drop: a case folder opens, everything else is evidence (folders too)', () => {
    expect(openRequestFromDrop(['/e/logs', '/e/c.trailmark', '/e/x.zip'])).toEqual({
      casePath: '/e/c.trailmark',
      evidence: ['/e/logs', '/e/x.zip'],
    });
  });

  it('evidence opened with no case gets a case beside it', () => {
    expect(caseBesideEvidence('/x/logs.tar.gz')).toBe('/x/logs.trailmark');
    expect(caseBesideEvidence('/x/y/trail.zip')).toBe('/x/y/trail.trailmark');
    expect(caseBesideEvidence('C:\\cases\\dump.tgz')).toBe('C:\\cases\\dump.trailmark');
    expect(caseBesideEvidence('/x/folder/')).toBe('/x/folder.trailmark');
  });
});

describe('drop handler (fake DOM events)', () => {
  function setup() {
    const listeners = new Map<string, (e: DragEventLike) => void>();
    const sent: string[][] = [];
    installDropHandler(
      { addEventListener: (t, l) => void listeners.set(t, l) },
      (f) => (f as { path: string }).path,
      (p) => void sent.push(p),
    );
    const event = (files: Array<{ path: string }>, types = ['Files'], defaultPrevented = false) => ({
      defaultPrevented,
      preventDefault: vi.fn(),
      dataTransfer: { types, files },
    });
    return { listeners, sent, event };
  }

  it('accepts file drags and sends the dropped paths', () => {
    const { listeners, sent, event } = setup();
    const over = event([]);
    listeners.get('dragover')!(over);
    expect(over.preventDefault).toHaveBeenCalled();
    const drop = event([{ path: '/a.zip' }, { path: '' }, { path: '/b.trailmark' }]);
    listeners.get('drop')!(drop);
    expect(drop.preventDefault).toHaveBeenCalled();
    expect(sent).toEqual([['/a.zip', '/b.trailmark']]);
  });

  it('leaves text drags alone, and drops the page handled itself', () => {
    const { listeners, sent, event } = setup();
    const text = event([], ['text/plain']);
    listeners.get('dragover')!(text);
    listeners.get('drop')!(text);
    expect(text.preventDefault).not.toHaveBeenCalled();
    listeners.get('drop')!(event([{ path: '/a.zip' }], ['Files'], true));
    expect(sent).toEqual([]);
  });
});

describe('licences of the bundled components (build/licences.mjs)', () => {
  it('lists the production dependencies and the renderer imports, with their dependencies, from node_modules', () => {
    const imported = importedPackages(path.join(REPO, 'renderer', 'src'));
    expect(imported).toEqual(expect.arrayContaining(['react', 'zustand']));
    expect(imported.some((n) => n.startsWith('.') || n.startsWith('node:'))).toBe(false);
    const components = collectComponents(REPO, ['@duckdb/node-api', 'react-dom']);
    const names = components.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['@duckdb/node-api', '@duckdb/node-bindings', 'react-dom', 'scheduler']),
    );
    const duck = components.find((c) => c.name === '@duckdb/node-api')!;
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'node_modules/@duckdb/node-api/package.json'), 'utf8'));
    expect(duck).toEqual({ name: '@duckdb/node-api', version: pkg.version, license: pkg.license });
    expect(new Set(names.map((n, i) => `${n}@${components[i]!.version}`)).size).toBe(names.length);
  });
});
