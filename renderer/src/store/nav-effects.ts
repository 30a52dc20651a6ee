import type { TrailmarkConnection } from '../../../shared/client';
import type { AppStore } from './create-store';
import { latestRequest } from './latest';

const SAVE_DELAY_MS = 400;

/**
 * What follows a change of view or filter, wherever it came from (a click, back/forward, a reopened case): the
 * lists re-query, the identity in focus is read, and the view is saved in the case so it reopens exactly.
 */
export function wireNavEffects(store: AppStore, conn: TrailmarkConnection): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const identity = latestRequest();

  store.subscribe((s, prev) => {
    if (s.nav === prev.nav) return;
    const a = s.nav;
    const b = prev.nav;
    if (
      a.actor !== b.actor ||
      JSON.stringify(a.filter) !== JSON.stringify(b.filter) ||
      JSON.stringify(a.sort) !== JSON.stringify(b.sort)
    )
      s.reloadEvents();
    if (JSON.stringify(a.explorer) !== JSON.stringify(b.explorer)) s.reloadExplorer();
    if (a.actor !== (s.selectedIdentity?.actor_uid ?? null)) {
      if (!a.actor) {
        identity.drop();
        store.setState({ selectedIdentity: null });
      } else
        identity.then(
          conn.api.getIdentity({ actor_uid: a.actor }),
          (selectedIdentity) => store.setState({ selectedIdentity }),
          (err) => s.reportError('Reading the identity', err),
        );
    }
    // A restored view (reopened case, reset) has no history: there is nothing new to save.
    if (!s.caseInfo || s.navBack.length + s.navForward.length === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!store.getState().caseInfo) return;
      conn.api
        .saveViewState({ state: JSON.stringify(store.getState().nav) })
        .catch((err: unknown) => store.getState().reportError('Saving the view', err));
    }, SAVE_DELAY_MS);
  });

  // The case's data changed (see UiSlice.dataVersion): the lists and the case summary re-read.
  store.subscribe((s, prev) => {
    if (s.dataVersion === prev.dataVersion || !s.caseInfo) return;
    s.reloadIdentities();
    s.reloadEvents();
    s.reloadExplorer();
    void s.refreshCase();
  });

  // Another case: a save still pending belongs to the one before, and every list re-reads.
  store.subscribe((s, prev) => {
    if (s.caseInfo?.path === prev.caseInfo?.path) return;
    clearTimeout(timer);
    s.reloadEvents();
    s.reloadExplorer();
  });
}
