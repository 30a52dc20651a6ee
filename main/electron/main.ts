// The Electron main process: one instance, one locked-down window showing the renderer from app://trailmark/, the
// core's API over IPC. Bundled by build.mjs to dist/electron/main.mjs (ESM). Everything with logic lives in the small
// modules beside this file, which take Electron as parameters and are unit-tested without it.
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoreService } from '../core/api/service';
import { VERSION } from '../core/version';
import { createAppProtocolHandler } from './app-protocol';
import { caseFromArgv } from './argv';
import { MENU_CHANNEL, type MenuMessage } from './channels';
import { registerIpc } from './ipc';
import { hardenContents, hardenSession } from './lockdown';
import { aboutText, menuTemplate } from './menu';
import { APP_ENTRY_URL, APP_SCHEME } from './origin';

// dist/electron/main.mjs → dist/electron/preload.cjs and dist/renderer/.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(HERE, 'preload.cjs');
const RENDERER_DIR = path.resolve(HERE, '..', 'renderer');

const log = (message: string) => process.stderr.write(`[trailmark] ${message}\n`);

// Before the app is ready (ESM: only this module's top level runs before 'ready'; no top-level await here).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
app.setName('Trailmark');
// Tests (and anyone running a second, separate copy) point the profile, and with it the single-instance lock, elsewhere.
if (process.env.TRAILMARK_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.TRAILMARK_USER_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // Another Trailmark is running: it gets our argv through 'second-instance'.
  app.quit();
} else {
  run();
}

function run(): void {
  const core = createCoreService('electron');
  let mainWindow: BrowserWindow | null = null;
  let pendingCase: string | null = caseFromArgv(process.argv.slice(1));
  let disposeIpc: () => void = () => {};

  const send = (message: MenuMessage) => {
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    if (win && !win.isDestroyed()) win.webContents.send(MENU_CHANNEL, message);
  };

  async function openCase(casePath: string, notify: boolean): Promise<void> {
    const res = await core.dispatch('openCase', { path: path.resolve(casePath), create: false });
    if (res.ok) {
      if (notify) send({ action: 'caseOpened', path: (res.result as { path: string }).path });
      return;
    }
    log(`could not open ${casePath}: ${res.error.message}`);
    const options = {
      type: 'error' as const,
      title: 'Trailmark',
      message: `Could not open ${casePath}`,
      detail: res.error.message,
    };
    if (mainWindow && !mainWindow.isDestroyed()) void dialog.showMessageBox(mainWindow, options);
    else void dialog.showMessageBox(options);
  }

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow({
      title: 'Trailmark',
      width: 1360,
      height: 860,
      minWidth: 900,
      minHeight: 600,
      show: false,
      backgroundColor: '#f6f7f9',
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: !app.isPackaged,
      },
    });
    win.once('ready-to-show', () => win.show());
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

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));

  app.on('second-instance', (_event, argv) => {
    if (!app.isReady()) return;
    focusWindow();
    const casePath = caseFromArgv(argv.slice(1));
    if (casePath) void openCase(casePath, true);
  });

  // macOS: a .trailmark folder opened from Finder or dropped on the Dock icon.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    if (app.isReady()) {
      focusWindow();
      void openCase(filePath, true);
    } else {
      pendingCase = filePath;
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('will-quit', () => {
    disposeIpc();
    core.close();
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
      });

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({
            isPackaged: app.isPackaged,
            platform: process.platform,
            actions: {
              openCase: () => send({ action: 'openCase' }),
              addEvidence: () => send({ action: 'addEvidence' }),
              about: () => {
                const options = {
                  type: 'info' as const,
                  title: 'About Trailmark',
                  message: 'Trailmark',
                  detail: aboutText(VERSION, process.versions),
                };
                const win = BrowserWindow.getFocusedWindow();
                void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
              },
            },
          }),
        ),
      );

      // A case named on the command line is opened before the first render, so the renderer finds it open.
      if (pendingCase) {
        const casePath = pendingCase;
        pendingCase = null;
        await openCase(casePath, false);
      }
      mainWindow = createWindow();
    })
    .catch((err: unknown) => {
      log(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      app.exit(1);
    });
}
