// The Electron shell's lock-down, command line and menu, and, against a mocked 'electron' (no runtime here), the
// preload bridge and main.ts's start-up order.

import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, PROGRESS_CHANNEL, ipcChannel } from '../../shared/api';
import { BRIDGE_KEY } from '../../shared/bridge';

import { caseFromArgv } from '../../main/electron/argv';
import {
  DROP_CHANNEL,
  MENU_CHANNEL,
  MENU_READY_CHANNEL,
  PICK_PATH_CHANNEL,
  SHOW_IN_FOLDER_CHANNEL,
} from '../../main/electron/channels';

import {
  OFFLINE_SWITCHES,
  hardenCommandLine,
  hardenContents,
  hardenSession,
  isPermissionAllowed,
} from '../../main/electron/lockdown';
import { aboutText, licencesText, menuTemplate } from '../../main/electron/menu';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from '../../main/electron/origin';

// The preload imports 'electron', which has no runtime here: a fake records what it is asked to do.
const fakeElectron = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const sentToMain: unknown[][] = [];
  const invoke = vi.fn(async (channel: string, arg: unknown) => ({ ok: true, result: { channel, arg } }));
  // The main process side, enough for main.ts to start: records calls in order.
  const calls: Array<[string, ...unknown[]]> = [];
  const appEvents = new Map<string, (...args: unknown[]) => unknown>();
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  let isReady = false;
  const windows: Array<{ options: Record<string, unknown>; url: string | null }> = [];
  const ipcHandlers = new Map<string, unknown>();
  const ipcListeners = new Map<string, unknown>();
  const fakeSession = {
    setPermissionRequestHandler: () => calls.push(['session.setPermissionRequestHandler']),
    setPermissionCheckHandler: () => calls.push(['session.setPermissionCheckHandler']),
    setDevicePermissionHandler: () => calls.push(['session.setDevicePermissionHandler']),
    setSpellCheckerEnabled: (on: boolean) => calls.push(['session.setSpellCheckerEnabled', on]),
    webRequest: { onBeforeRequest: () => calls.push(['session.onBeforeRequest']) },
    on: (name: string) => calls.push(['session.on', name]),
  };
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    readonly webContents = { send: () => {}, isDestroyed: () => false, on: () => {} };
    private readonly record: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null };
      windows.push(this.record);
      BrowserWindow.all.push(this);
      calls.push(['new BrowserWindow']);
    }
    loadURL(url: string) {
      this.record.url = url;
      calls.push(['loadURL', url]);
      return Promise.resolve();
    }
    once() {}
    on() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1360, height: 860 };
    }
    isDestroyed() {
      return false;
    }
  }
  // The core's utility process: recorded, never started (no dispatch happens in these tests).
  const forks: unknown[][] = [];
  const main = {
    app: {
      isPackaged: false,
      enableSandbox: () => calls.push(['app.enableSandbox']),
      commandLine: { appendSwitch: (name: string) => calls.push(['app.commandLine.appendSwitch', name]) },
      getPath: () => '/nonexistent/trailmark-test-profile',
      addRecentDocument: () => {},
      clearRecentDocuments: () => {},
      setName: (n: string) => calls.push(['app.setName', n]),
      setPath: (k: string, v: string) => calls.push(['app.setPath', k, v]),
      requestSingleInstanceLock: () => (calls.push(['app.requestSingleInstanceLock']), true),
      on: (name: string, l: (...args: unknown[]) => unknown) => void appEvents.set(name, l),
      whenReady: () => whenReady,
      isReady: () => isReady,
      quit: () => calls.push(['app.quit']),
      exit: (code: number) => calls.push(['app.exit', code]),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(['protocol.registerSchemesAsPrivileged', schemes]),
      handle: (scheme: string, handler: unknown) => calls.push(['protocol.handle', scheme, handler]),
    },
    session: { defaultSession: fakeSession },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    utilityProcess: {
      fork: (...args: unknown[]) => {
        forks.push(args);
        throw new Error('the core process is only started by the first call');
      },
    },
    MessageChannelMain: class {},
    ipcMain: {
      handle: (channel: string, handler: unknown) => void ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
      on: (channel: string, l: unknown) => void ipcListeners.set(channel, l),
      removeListener: (channel: string) => void ipcListeners.delete(channel),
    },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showMessageBox: async () => ({}) },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => calls.push(['Menu.setApplicationMenu', m]),
    },
    BrowserWindow,
  };
  return {
    exposed,
    listeners,
    sentToMain,
    invoke,
    calls,
    appEvents,
    windows,
    ipcHandlers,
    ipcListeners,
    forks,
    makeReady: () => {
      isReady = true;
      ready();
    },
    module: {
      ...main,
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
      ipcRenderer: {
        invoke,
        on: (channel: string, l: (...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)!.add(l);
        },
        removeListener: (channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l),
        send: (channel: string, ...args: unknown[]) => sentToMain.push([channel, ...args]),
      },
      webUtils: { getPathForFile: (f: { name: string }) => `/dropped/${f.name}` },
    },
  };
});
vi.mock('electron', () => fakeElectron.module);

describe('lock-down', () => {
  it('refuses every permission except clipboard writes from the app', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'usb'])
      expect(isPermissionAllowed(p, APP_ENTRY_URL), p).toBe(false);
  });

  it('hardenSession installs the handlers and cancels foreign requests', () => {
    const calls: Record<string, unknown[]> = {};
    const rec =
      (name: string) =>
      (...args: unknown[]) =>
        void (calls[name] = args);
    const ses = {
      setPermissionRequestHandler: rec('request'),
      setPermissionCheckHandler: rec('check'),
      setDevicePermissionHandler: rec('device'),
      setSpellCheckerEnabled: rec('spell'),
      webRequest: { onBeforeRequest: rec('before') },
      on: rec('on'),
    };
    hardenSession(ses as never);
    expect(calls.spell).toEqual([false]);
    const before = calls.before![0] as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      before({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://example.com/x.js')).toBe(true);
    expect(decide('http://169.254.169.254/latest/meta-data')).toBe(true);
    expect(decide('app://trailmark/assets/x.js')).toBe(false);

    const request = calls.request![0] as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
      d: { requestingUrl: string },
    ) => void;
    let granted: boolean | undefined;
    request(null, 'media', (ok) => (granted = ok), { requestingUrl: APP_ENTRY_URL });
    expect(granted).toBe(false);
    const check = calls.check![0] as (wc: unknown, p: string, origin: string) => boolean;
    expect(check(null, 'media', 'app://trailmark')).toBe(false);
    expect(check(null, 'notifications', 'app://trailmark')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://trailmark')).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
    const device = calls.device![0] as () => boolean;
    expect(device()).toBe(false);
    expect(calls.on![0]).toBe('will-download');
    const prevent = vi.fn();
    (calls.on![1] as (e: { preventDefault(): void }) => void)({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalled();
  });

  it('hardenContents denies window.open, webviews and navigation away from the app', () => {
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const events = new Map<string, (e: { url: string; preventDefault(): void }) => void>();
    const contents = {
      setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
      on: (name: string, l: (e: { url: string; preventDefault(): void }) => void) => void events.set(name, l),
    };
    hardenContents(contents as never);
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const l = events.get(name);
      expect(l, name).toBeDefined();
      const away = vi.fn();
      l!({ url: 'https://example.com/', preventDefault: away });
      expect(away, name).toHaveBeenCalled();
      const stay = vi.fn();
      l!({ url: 'app://trailmark/index.html#/x', preventDefault: stay });
      expect(stay, name).not.toHaveBeenCalled();
    }
    const webview = vi.fn();
    events.get('will-attach-webview')!({ url: '', preventDefault: webview });
    expect(webview).toHaveBeenCalled();
  });
});

describe('Chromium switches', () => {
  it('turns off Chromium background traffic before the app is ready', () => {
    const switches: string[] = [];
    hardenCommandLine({ appendSwitch: (name) => void switches.push(name) });
    expect(switches).toEqual(
      expect.arrayContaining(['disable-background-networking', 'disable-component-update', 'no-pings']),
    );
    expect(switches).toHaveLength(OFFLINE_SWITCHES.length);
  });
});

describe('command line', () => {
  it('finds the case folder to open', () => {
    expect(caseFromArgv(['/opt/Trailmark/trailmark'])).toBeNull();
    expect(caseFromArgv(['dist/electron/main.mjs', '/tmp/x/demo.trailmark'])).toBe('/tmp/x/demo.trailmark');
    expect(caseFromArgv(['.', 'C:\\cases\\a.trailmark\\'])).toBe('C:\\cases\\a.trailmark\\');
    expect(caseFromArgv(['--no-sandbox', '--case=/data/b.trailmark'])).toBe('/data/b.trailmark');
    expect(caseFromArgv(['--case', '/data/c'])).toBe('/data/c');
    expect(caseFromArgv(['--inspect=9229', '--flag.trailmark'])).toBeNull();
    expect(caseFromArgv(['a.trailmark', 'b.trailmark'])).toBe('b.trailmark');
  });
});

describe('menu', () => {
  const actions = {
    newCase: vi.fn(),
    openCase: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    addEvidence: vi.fn(),
    exportReport: vi.fn(),
    verifyReport: vi.fn(),
    openDemo: vi.fn(),
    about: vi.fn(),
  };
  const recent: string[] = [];
  const roles = (t: ReturnType<typeof menuTemplate>): string[] =>
    t.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]).filter(Boolean);

  it('offers DevTools only when not packaged', () => {
    expect(roles(menuTemplate({ isPackaged: false, platform: 'linux', recent, actions }))).toContain('toggleDevTools');
    expect(roles(menuTemplate({ isPackaged: true, platform: 'linux', recent, actions }))).not.toContain(
      'toggleDevTools',
    );
    expect(roles(menuTemplate({ isPackaged: true, platform: 'linux', recent, actions }))).toContain('quit');
    expect(roles(menuTemplate({ isPackaged: true, platform: 'darwin', recent, actions }))).toContain('appMenu');
  });

  it('File and Help items call their actions', () => {
    const t = menuTemplate({ isPackaged: true, platform: 'linux', recent, actions });
    const items = t.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : []));
    const click = (label: string) => {
      const item = items.find((i) => i.label === label);
      expect(item, label).toBeDefined();
      (item!.click as () => void)();
    };
    const labels: Array<[string, keyof typeof actions]> = [
      ['New case…', 'newCase'],
      ['Open case…', 'openCase'],
      ['Add evidence…', 'addEvidence'],
      ['Export report…', 'exportReport'],
      ['Verify report…', 'verifyReport'],
      ['Open the demo case', 'openDemo'],
      ['About Trailmark', 'about'],
    ];
    for (const [label, action] of labels) {
      click(label);
      expect(actions[action], label).toHaveBeenCalledOnce();
    }
  });

  it('Open recent lists the recent cases, most recent first, and can be cleared', () => {
    const recentItems = (list: string[]) => {
      const file = menuTemplate({ isPackaged: true, platform: 'linux', recent: list, actions }).find(
        (i) => i.label === '&File',
      )!;
      const open = (file.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Open recent')!;
      return open.submenu as MenuItemConstructorOptions[];
    };
    expect(recentItems([])).toEqual([{ label: 'No recent cases', enabled: false }]);
    const items = recentItems(['/c/b.trailmark', '/c/a.trailmark']);
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      '/c/b.trailmark',
      '/c/a.trailmark',
      'separator',
      'Clear recent cases',
    ]);
    (items[1]!.click as () => void)();
    expect(actions.openRecent).toHaveBeenLastCalledWith('/c/a.trailmark');
    (items[3]!.click as () => void)();
    expect(actions.clearRecent).toHaveBeenCalledOnce();
  });

  it('the About text names the versions', () => {
    const text = aboutText('1.2.3', { electron: '41.7.1', chrome: '146.0', node: '24.1.0' });
    expect(text).toContain('Trailmark 1.2.3');
    expect(text).toContain('Electron 41.7.1');
    expect(text).toContain('Chromium 146.0');
    expect(text).toContain('Node.js 24.1.0');
    const components = [{ name: 'zod', version: '4.1.0', license: 'MIT' }];
    expect(aboutText('1.2.3', {}, components)).toContain('Bundles 1 open-source components');
    expect(licencesText(components)).toContain('zod 4.1.0: MIT');
    expect(licencesText(components)).toContain('Electron: MIT');
  });
});

describe('preload bridge (mocked electron)', () => {
  it('exposes named methods from the API table, progress, menu and pickPath; nothing generic', async () => {
    // The preload's drop handler listens on the window; plain Node has none, so this records the listeners.
    const windowListeners = new Map<string, (e: unknown) => void>();
    const g = globalThis as unknown as { addEventListener?: unknown };
    g.addEventListener = (type: string, l: (e: unknown) => void) => void windowListeners.set(type, l);
    await import('../../main/electron/preload');
    delete g.addEventListener;
    const drop = {
      defaultPrevented: false,
      preventDefault: vi.fn(),
      dataTransfer: { types: ['Files'], files: [{ name: 'a.zip' }] },
    };
    windowListeners.get('drop')!(drop);
    expect(drop.preventDefault).toHaveBeenCalled();
    expect(fakeElectron.sentToMain).toContainEqual([DROP_CHANNEL, ['/dropped/a.zip']]);
    const bridge = fakeElectron.exposed[BRIDGE_KEY] as {
      shell: string;
      methods: Record<string, (p: unknown) => Promise<unknown>>;
      onProgress(l: (p: unknown) => void): () => void;
      onMenu(l: (p: unknown) => void): () => void;
      pickPath(purpose: string): Promise<unknown>;
      pathForFile(file: object): string;
    };
    expect(bridge.shell).toBe('electron');
    expect(Object.keys(bridge).sort()).toEqual([
      'methods',
      'onMenu',
      'onProgress',
      'pathForFile',
      'pickPath',
      'shell',
      'showInFolder',
    ]);
    expect(bridge.pathForFile({ name: 'a.zip' })).toBe('/dropped/a.zip');
    expect(Object.keys(bridge.methods).sort()).toEqual([...API_METHODS].sort());

    expect(await bridge.methods.getEvent!({ event_uid: 'e1' })).toEqual({
      ok: true,
      result: { channel: ipcChannel('getEvent'), arg: { event_uid: 'e1' } },
    });
    await bridge.methods.appInfo!(undefined);
    expect(fakeElectron.invoke).toHaveBeenLastCalledWith(ipcChannel('appInfo'), {});
    await bridge.pickPath('evidence');
    expect(fakeElectron.invoke).toHaveBeenLastCalledWith(PICK_PATH_CHANNEL, 'evidence');

    const got: unknown[] = [];
    const off = bridge.onProgress((p) => got.push(p));
    const [listener] = [...fakeElectron.listeners.get(PROGRESS_CHANNEL)!];
    listener!({ sender: 'the event must not reach the page' }, { job: 'j' });
    expect(got).toEqual([{ job: 'j' }]);
    off();
    expect(fakeElectron.listeners.get(PROGRESS_CHANNEL)!.size).toBe(0);

    const offMenu = bridge.onMenu(() => {});
    expect(fakeElectron.listeners.get(MENU_CHANNEL)!.size).toBe(1);
    // Subscribing tells the main process to send the messages it held back.
    expect(fakeElectron.sentToMain).toContainEqual([MENU_READY_CHANNEL]);
    offMenu();
    expect(fakeElectron.listeners.get(MENU_CHANNEL)!.size).toBe(0);
  });
});

describe('main process wiring (mocked electron)', () => {
  it('locks down before and after ready, and opens one sandboxed window on app://', async () => {
    const f = fakeElectron;
    await import('../../main/electron/main');
    // Before ready: the privileged scheme, the sandbox, the single-instance lock; no window, no handler yet.
    const before = f.calls.map((c) => c[0]);
    expect(before).toEqual(
      expect.arrayContaining([
        'protocol.registerSchemesAsPrivileged',
        'app.enableSandbox',
        'app.setName',
        'app.requestSingleInstanceLock',
        'app.commandLine.appendSwitch',
      ]),
    );
    expect(f.calls.filter((c) => c[0] === 'app.commandLine.appendSwitch').map((c) => c[1])).toContain(
      'disable-background-networking',
    );
    expect(before).not.toContain('protocol.handle');
    expect(before).not.toContain('new BrowserWindow');
    const schemes = f.calls.find((c) => c[0] === 'protocol.registerSchemesAsPrivileged')![1];
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    for (const event of ['web-contents-created', 'second-instance', 'open-file', 'window-all-closed', 'will-quit'])
      expect(f.appEvents.has(event), event).toBe(true);

    f.makeReady();
    await vi.waitFor(() => expect(f.windows).toHaveLength(1));

    const order = f.calls.map((c) => c[0]);
    expect(order).toContain('session.onBeforeRequest');
    expect(order).toContain('session.setPermissionRequestHandler');
    expect(order).toContain('Menu.setApplicationMenu');
    expect(order.indexOf('protocol.handle')).toBeLessThan(order.indexOf('new BrowserWindow'));
    expect(order.indexOf('session.onBeforeRequest')).toBeLessThan(order.indexOf('new BrowserWindow'));
    expect(f.calls.find((c) => c[0] === 'protocol.handle')![1]).toBe('app');

    const win = f.windows[0]!;
    expect(win.url).toBe(APP_ENTRY_URL);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(path.basename(prefs.preload as string)).toBe('preload.cjs');

    expect([...f.ipcHandlers.keys()].sort()).toEqual([...API_METHODS.map(ipcChannel), PICK_PATH_CHANNEL].sort());
    expect([...f.ipcListeners.keys()].sort()).toEqual(
      [DROP_CHANNEL, MENU_READY_CHANNEL, SHOW_IN_FOLDER_CHANNEL].sort(),
    );
    // The core's process starts with the first call, not at start-up.
    expect(f.forks).toHaveLength(0);
    const quit = { preventDefault: vi.fn() };
    f.appEvents.get('will-quit')!(quit);
    expect(quit.preventDefault).toHaveBeenCalledOnce();
    expect(f.ipcHandlers.size).toBe(0);
    expect(f.ipcListeners.size).toBe(0);
    await vi.waitFor(() => expect(f.calls.map((c) => c[0])).toContain('app.quit'));
  });
});
