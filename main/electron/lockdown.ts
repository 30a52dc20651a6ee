// The offline lock-down of sessions and web contents (DESIGN §9). Electron objects come in as parameters (type-only
// imports), so this runs against fakes in plain Node.
import type { Session, WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequestUrl, isAppUrl } from './origin';

type Log = (message: string) => void;

/**
 * Permissions: everything is refused, except writing plain text to the clipboard from the app itself (the "copy"
 * buttons for event ids and hashes). No camera, microphone, notifications, geolocation, HID/USB/serial, fullscreen,
 * openExternal, file system access.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

export function hardenSession(ses: Session, log: Log = () => {}): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const ok = isPermissionAllowed(permission, details.requestingUrl);
    if (!ok) log(`permission ${permission} refused`);
    callback(ok);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
  // No network: every request that is not to the app itself (or DevTools' own pages) is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log(`request cancelled: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  ses.on('will-download', (event) => event.preventDefault());
  // The spell checker downloads its dictionaries from the network on Windows and Linux.
  ses.setSpellCheckerEnabled(false);
}

/** Applied to every web contents the app creates (app 'web-contents-created'). */
export function hardenContents(contents: WebContents, log: Log = () => {}): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`window.open refused: ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  const guard = (what: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    log(`${what} refused: ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview refused');
  });
}

/**
 * Chromium switches that stop the browser's own background traffic (component updates, domain reliability reports,
 * hyperlink auditing pings, DNS prefetching), set before the app is ready. With the webRequest filter nothing would
 * leave anyway; this keeps Chromium from trying.
 */
export const OFFLINE_SWITCHES: ReadonlyArray<readonly [string, string?]> = [
  ['disable-background-networking'],
  ['disable-component-update'],
  ['disable-domain-reliability'],
  ['disable-client-side-phishing-detection'],
  ['no-pings'],
  ['dns-prefetch-disable'],
];

export function hardenCommandLine(commandLine: { appendSwitch(name: string, value?: string): void }): void {
  for (const [name, value] of OFFLINE_SWITCHES) commandLine.appendSwitch(name, value);
}
