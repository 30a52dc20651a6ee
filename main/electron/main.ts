// The Electron main process: one instance, one locked-down window showing the renderer from app://trailmark/, menus,
// dialogs. The core (DuckDB, ingest, hashing, signing, reports) runs in a utilityProcess (core-process.ts) reached
// over a MessagePort, so the main thread only moves messages. Bundled by build.mjs to dist/electron/main.mjs (ESM).
// Everything with logic lives in the small modules beside this file, unit-tested without Electron.
import {
  BrowserWindow,
  Menu,
  MessageChannelMain,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
  type WebContents,
} from 'electron';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../core/api/version';
import { createAppProtocolHandler } from './app-protocol';
import { openRequestFromArgv, openRequestFromDrop, type OpenRequest } from './argv';
import type { MenuMessage } from './channels';
import { superviseCore } from './core-supervisor';
import { registerIpc } from './ipc';
import { safeStorageKeyStore } from './key-store';
import { hardenCommandLine, hardenContents, hardenSession } from './lockdown';
import { aboutText, licencesText, menuTemplate, type Component } from './menu';
import { APP_ENTRY_URL, APP_SCHEME } from './origin';
import { MenuOutbox, createOpener } from './opener';
import { RecentCases } from './recent-cases';
import { fitToDisplays, loadWindowState, saveWindowState, trackWindowState } from './window-state';

// dist/electron/main.mjs → dist/electron/{preload.cjs,core-process.mjs,licences.json} and dist/renderer/.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(HERE, 'preload.cjs');
const CORE_ENTRY = path.join(HERE, 'core-process.mjs');
const RENDERER_DIR = path.resolve(HERE, '..', 'renderer');

const log = (message: string) => process.stderr.write(`[trailmark] ${message}\n`);

// Before the app is ready (ESM: only this module's top level runs before 'ready'; no top-level await here).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
hardenCommandLine(app.commandLine);
app.setName('Trailmark');
// Tests (and anyone running a second, separate copy) point the profile, and with it the single-instance lock, elsewhere.
if (process.env.TRAILMARK_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.TRAILMARK_USER_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // Another Trailmark is running: it gets our argv through 'second-instance'.
  app.quit();
} else {
  run();
}

function readComponents(): Component[] {
  try {
    return JSON.parse(readFileSync(path.join(HERE, 'licences.json'), 'utf8')) as Component[];
  } catch {
    return [];
  }
}

function run(): void {
  const core = superviseCore({
    fork: () => utilityProcess.fork(CORE_ENTRY, [], { serviceName: 'Trailmark core', stdio: 'inherit' }),
    channel: () => new MessageChannelMain(),
    log,
    keyStore: safeStorageKeyStore(safeStorage, process.platform),
  });
  const userData = app.getPath('userData');
  const recent = new RecentCases(path.join(userData, 'recent-cases.json'));
  const windowStateFile = path.join(userData, 'window-state.json');
  let mainWindow: BrowserWindow | null = null;
  let pending: OpenRequest | null = openRequestFromArgv(process.argv.slice(1));
  let disposeIpc: () => void = () => {};
  let stopped = false;

  const outbox = new MenuOutbox();
  const send = (message: MenuMessage) => outbox.send(message);

  const caseOpened = (casePath: string) => {
    recent.add(casePath);
    app.addRecentDocument(casePath);
    buildMenu();
  };
  const { openCase, openRequest } = createOpener({
    dispatch: (m, p) => core.dispatch(m, p),
    send,
    opened: caseOpened,
    error: (message, detail) => {
      log(`${message}: ${detail}`);
      const options = { type: 'error' as const, title: 'Trailmark', message, detail };
      if (mainWindow && !mainWindow.isDestroyed()) void dialog.showMessageBox(mainWindow, options);
      else void dialog.showMessageBox(options);
    },
  });

  function createWindow(): BrowserWindow {
    const state = fitToDisplays(
      loadWindowState(windowStateFile),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const win = new BrowserWindow({
      title: 'Trailmark',
      width: state.width,
      height: state.height,
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      minWidth: 900,
      minHeight: 600,
      show: false,
      backgroundColor: '#f6f7f9',
      // Electron's security checklist, each item spelled out even where it is the default (and literal, so the static
      // scan in build/electronegativity-scan.mjs sees it).
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        // A middle click on a link would otherwise try to open a new window (denied anyway by setWindowOpenHandler).
        disableBlinkFeatures: 'Auxclick',
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: !app.isPackaged,
      },
    });
    if (state.maximized) win.maximize();
    trackWindowState(win, (s) => saveWindowState(windowStateFile, s));
    win.once('ready-to-show', () => win.show());
    win.webContents.on('did-start-loading', () => outbox.reset(win.webContents));
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log(`could not load the app: ${String(err)}`));
    return win;
  }

  function focusWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }

  function about(): void {
    const components = readComponents();
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const box = (options: Electron.MessageBoxOptions) =>
      win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
    void box({
      type: 'info',
      title: 'About Trailmark',
      message: 'Trailmark',
      detail: aboutText(VERSION, process.versions, components),
      buttons: ['OK', 'Licences…'],
      defaultId: 0,
    }).then(({ response }) => {
      if (response === 1) {
        void box({ type: 'info', title: 'Licences', message: 'Bundled components', detail: licencesText(components) });
      }
    });
  }

  function buildMenu(): void {
    if (!app.isReady()) return;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isPackaged: app.isPackaged,
          platform: process.platform,
          recent: recent.list(),
          actions: {
            newCase: () => send({ action: 'newCase' }),
            openCase: () => send({ action: 'openCase' }),
            openRecent: (p) =>
              void openCase(p, false).then((ok) => {
                if (!ok) {
                  recent.remove(p);
                  buildMenu();
                }
              }),
            clearRecent: () => {
              recent.clear();
              app.clearRecentDocuments();
              buildMenu();
            },
            addEvidence: () => send({ action: 'addEvidence' }),
            exportReport: () => send({ action: 'exportReport' }),
            verifyReport: () => send({ action: 'verifyReport' }),
            openDemo: () => send({ action: 'openDemo' }),
            about,
          },
        }),
      ),
    );
  }

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));

  app.on('second-instance', (_event, argv) => {
    if (!app.isReady()) return;
    focusWindow();
    void openRequest(openRequestFromArgv(argv.slice(1)));
  });

  // macOS: a .trailmark folder (or an archive) opened from Finder or dropped on the Dock icon.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    const req = openRequestFromDrop([filePath]);
    if (app.isReady()) {
      focusWindow();
      void openRequest(req);
    } else {
      pending = {
        casePath: req.casePath ?? pending?.casePath ?? null,
        evidence: [...(pending?.evidence ?? []), ...req.evidence],
      };
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  // Quit waits for the core to close its case cleanly (DuckDB checkpoint), then quits for real.
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    disposeIpc();
    void core.stop().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, log);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));

      disposeIpc = registerIpc({
        ipcMain,
        core,
        platform: process.platform,
        log,
        showOpenDialog: (sender: WebContents | null, options) => {
          const win = sender ? BrowserWindow.fromWebContents(sender) : null;
          return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
        },
        progressTargets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
        onCaseOpened: caseOpened,
        onDropped: (paths) => void openRequest(openRequestFromDrop(paths)),
        showItemInFolder: (file) => shell.showItemInFolder(file),
        onMenuReady: (sender) => outbox.ready(sender),
      });
      buildMenu();

      // A case named on the command line is opened before the first render, so the renderer finds it open.
      const first = pending;
      pending = null;
      if (first) await openRequest(first);
      mainWindow = createWindow();
    })
    .catch((err: unknown) => {
      log(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      app.exit(1);
    });
}
