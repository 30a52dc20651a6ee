// The native menu as a template (pure: main.ts builds it with Menu.buildFromTemplate and rebuilds it when the recent
// cases change), and the About box text.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newCase(): void;
  openCase(): void;
  openRecent(casePath: string): void;
  clearRecent(): void;
  addEvidence(): void;
  exportReport(): void;
  verifyReport(): void;
  openDemo(): void;
  about(): void;
}

export function menuTemplate(opts: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  recent: readonly string[];
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { actions } = opts;
  const mac = opts.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    opts.recent.length === 0
      ? [{ label: 'No recent cases', enabled: false }]
      : [
          ...opts.recent.map((p) => ({ label: p, click: () => actions.openRecent(p) })),
          { type: 'separator' as const },
          { label: 'Clear recent cases', click: () => actions.clearRecent() },
        ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'New case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
        { label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
        { label: 'Open recent', submenu: recent },
        { type: 'separator' },
        { label: 'Add evidence…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.addEvidence() },
        { type: 'separator' },
        { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportReport() },
        { label: 'Verify report…', click: () => actions.verifyReport() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Copy and paste shortcuts only work on macOS when an Edit menu has these roles.
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(opts.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: 'Open the demo case', click: () => actions.openDemo() },
        { type: 'separator' },
        { label: 'About Trailmark', click: () => actions.about() },
      ],
    },
  );
  return template;
}

/** One bundled component, as build/licences.mjs lists them in dist/electron/licences.json. */
export interface Component {
  name: string;
  version: string;
  license: string;
}

/** The About box text: the app's version, the runtimes it runs on and how many components it bundles. */
export function aboutText(
  version: string,
  versions: Partial<Record<string, string>>,
  components: readonly Component[] = [],
): string {
  const lines = [`Trailmark ${version}`, ''];
  for (const [name, key] of [
    ['Electron', 'electron'],
    ['Chromium', 'chrome'],
    ['Node.js', 'node'],
    ['V8', 'v8'],
  ] as const) {
    const v = versions[key];
    if (v) lines.push(`${name} ${v}`);
  }
  if (components.length > 0) lines.push('', `Bundles ${components.length} open-source components (Licences…).`);
  lines.push('', 'Offline forensic log analyzer for machine identities. No network access, no telemetry, no updates.');
  return lines.join('\n');
}

/** The Licences box: Electron and Chromium, then every bundled package with its version and licence. */
export function licencesText(components: readonly Component[]): string {
  return [
    'Electron: MIT. Chromium: BSD-3-Clause and others (LICENSES.chromium.html beside the app).',
    '',
    ...components.map((c) => `${c.name} ${c.version}: ${c.license}`),
  ].join('\n');
}
