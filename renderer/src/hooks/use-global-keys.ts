import { useEffect } from 'react';
import type { AppStore } from '../store/create-store';
import type { ViewDef } from '../views/views';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * Keys that work anywhere: / focuses the search of the view, Esc leaves a text field or else closes the dialog or
 * the event detail,
 * Alt+←/→ walk the filter history, Alt+<key> switches views. j/k in tables are handled by the tables.
 */
export function useGlobalKeys(store: AppStore, views: ViewDef[]): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (e.key === 'Escape') {
        // Esc first leaves a search field (so j/k drive the lists again, not the text), then closes.
        if (typing(e.target) && !s.dialog) (e.target as HTMLElement).blur();
        else if (s.dialog) s.openDialog(null);
        else if (s.selectedEventUid) void s.selectEvent(null);
        return;
      }
      if (e.altKey && e.key === 'ArrowLeft') return void (e.preventDefault(), s.goBack());
      if (e.altKey && e.key === 'ArrowRight') return void (e.preventDefault(), s.goForward());
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const v = views.find((x) => x.key === e.key.toLowerCase());
        if (v) return void (e.preventDefault(), s.go({ view: v.id }));
      }
      if (e.key === '/' && !typing(e.target) && !s.dialog) {
        const field = document.querySelector<HTMLInputElement>('[data-search-target="true"]');
        if (field) {
          e.preventDefault();
          field.focus();
          field.select();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, views]);
}
