import type { TrailmarkConnection } from '../../../shared/client';
import type { AppStore } from './create-store';
import { DEFAULT_NAV, type Nav } from './nav-slice';

const SAVE_DELAY_MS = 400;

/**
 * What follows a change of view or filter, wherever it came from (a click, back/forward, a reopened case): the
 * lists re-query, the identity in focus is read, and the view is saved in the case so it reopens exactly.
 */
export function wireNavEffects(store: AppStore, conn: TrailmarkConnection): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let restoring = false;

  store.subscribe((s, prev) => {
    if (s.nav === prev.nav) return;
    const a = s.nav;
    const b = prev.nav;
    if (a.actor !== b.actor || JSON.stringify(a.filter) !== JSON.stringify(b.filter)) s.reloadEvents();
    if (JSON.stringify(a.explorer) !== JSON.stringify(b.explorer)) s.reloadExplorer();
    if (a.actor !== (s.selectedIdentity?.actor_uid ?? null)) {
      if (!a.actor) store.setState({ selectedIdentity: null });
      else {
        const want = a.actor;
        conn.api.getIdentity({ actor_uid: want }).then(
          (identity) => {
            if (store.getState().nav.actor === want) store.setState({ selectedIdentity: identity });
          },
          (err: unknown) => s.reportError('Reading the identity', err),
        );
      }
    }
    if (restoring || !s.caseInfo) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!store.getState().caseInfo) return;
      conn.api
        .saveViewState({ state: JSON.stringify(store.getState().nav) })
        .catch((err: unknown) => store.getState().reportError('Saving the view', err));
    }, SAVE_DELAY_MS);
  });

  // A case that opens reopens the view saved in it.
  store.subscribe((s, prev) => {
    if (!s.caseInfo || s.caseInfo.path === prev.caseInfo?.path) return;
    conn.api.getViewState({}).then(
      ({ state }) => {
        if (!state) return;
        let saved: Partial<Nav>;
        try {
          saved = JSON.parse(state) as Partial<Nav>;
        } catch {
          return;
        }
        restoring = true;
        try {
          store.getState().restoreNav({ ...DEFAULT_NAV, ...saved });
        } finally {
          restoring = false;
        }
      },
      (err: unknown) => store.getState().reportError('Reopening the saved view', err),
    );
  });
}
