// Opening what the OS or the user hands the app (command line, second instance, drop, Finder, Open recent), and the
// outbox of menu messages to the page. Electron-free (the page is a structural type, the core a CoreLike), so it is
// tested against the real core.
import path from 'node:path';
import type { ApiResponse } from '../../shared/errors';
import { caseBesideEvidence, type OpenRequest } from './argv';
import { MENU_CHANNEL, type MenuMessage } from './channels';

interface PageLike {
  isDestroyed(): boolean;
  send(channel: string, message: MenuMessage): void;
}

/**
 * Menu messages wait until the page listens (the preload says so on MENU_READY_CHANNEL), so a case or evidence named
 * on the command line reaches a renderer that is still starting; a reload makes the page a new listener.
 */
export class MenuOutbox {
  private listener: PageLike | null = null;
  private readonly queued: MenuMessage[] = [];

  send(message: MenuMessage): void {
    if (this.listener && !this.listener.isDestroyed()) this.listener.send(MENU_CHANNEL, message);
    else this.queued.push(message);
  }

  /** The page subscribed: it gets what was held back, then every message as it comes. */
  ready(page: PageLike): void {
    this.listener = page;
    for (const m of this.queued.splice(0)) page.send(MENU_CHANNEL, m);
  }

  /** The page started loading again: hold messages until it subscribes anew. */
  reset(page: PageLike): void {
    if (this.listener === page) this.listener = null;
  }
}

export interface OpenerDeps {
  dispatch(method: string, params: unknown): Promise<ApiResponse<unknown>>;
  send(message: MenuMessage): void;
  /** A case is open (recent list, the OS's recent documents). */
  opened(casePath: string): void;
  /** Tell the user (a dialog in the app). */
  error(message: string, detail: string): void;
}

export function createOpener(deps: OpenerDeps) {
  async function openCase(casePath: string, create: boolean): Promise<boolean> {
    const res = await deps.dispatch('openCase', { path: path.resolve(casePath), create });
    if (!res.ok) {
      deps.error(`Could not open ${casePath}`, res.error.message);
      return false;
    }
    const opened = (res.result as { path: string }).path;
    deps.opened(opened);
    deps.send({ action: 'caseOpened', path: opened });
    return true;
  }

  /**
   * Opens the case, if one is named, then hands the evidence to the page to ingest (it shows the job). Evidence with
   * no case open gets a new case beside it (logs.tar.gz → logs.trailmark).
   */
  async function openRequest(req: OpenRequest): Promise<void> {
    if (req.casePath && !(await openCase(req.casePath, false))) return;
    const first = req.evidence[0];
    if (!first) return;
    const info = await deps.dispatch('appInfo', {});
    const caseOpen = info.ok && (info.result as { caseOpen: boolean }).caseOpen;
    if (!caseOpen && !(await openCase(caseBesideEvidence(path.resolve(first)), true))) return;
    deps.send({ action: 'addEvidence', paths: req.evidence.map((p) => path.resolve(p)) });
  }

  return { openCase, openRequest };
}
