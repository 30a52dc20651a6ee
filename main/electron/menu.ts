// The native menu as a template (pure: main.ts builds it with Menu.buildFromTemplate).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCase(): void;
  addEvidence(): void;
  about(): void;
}

export function menuTemplate(opts: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { actions } = opts;
  const mac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
        { label: 'Add evidence…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.addEvidence() },
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
      ],
    },
    { label: '&Help', role: 'help', submenu: [{ label: 'About Trailmark', click: () => actions.about() }] },
  );
  return template;
}

/** The About box text: the app's version and the runtimes it runs on. */
export function aboutText(version: string, versions: Partial<Record<string, string>>): string {
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
  lines.push('', 'Offline forensic log analyzer for machine identities. No network access.');
  return lines.join('\n');
}
