import { useApp } from '../store/store-context';
import type { Theme } from '../store/ui-slice';
import type { ViewDef } from './views';

const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

/** Tabs for the views, back/forward over the filter history, and the theme. */
export function NavBar({ views }: { views: ViewDef[] }) {
  const view = useApp((s) => s.nav.view);
  const go = useApp((s) => s.go);
  const back = useApp((s) => s.goBack);
  const forward = useApp((s) => s.goForward);
  const canBack = useApp((s) => s.navBack.length > 0);
  const canForward = useApp((s) => s.navForward.length > 0);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  return (
    <nav className="nav-bar" aria-label="Views">
      <button
        type="button"
        className="btn-ghost"
        data-testid="nav-back"
        disabled={!canBack}
        onClick={back}
        title="Back (Alt+←)"
        aria-label="Back"
      >
        ←
      </button>
      <button
        type="button"
        className="btn-ghost"
        data-testid="nav-forward"
        disabled={!canForward}
        onClick={forward}
        title="Forward (Alt+→)"
        aria-label="Forward"
      >
        →
      </button>
      <div role="tablist" className="tabs">
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={view === v.id}
            className={`tab${view === v.id ? ' current' : ''}`}
            data-testid={`tab-${v.id}`}
            title={`${v.label} (Alt+${v.key})`}
            onClick={() => go({ view: v.id })}
          >
            {v.label}
          </button>
        ))}
      </div>
      <span className="spacer" />
      <span className="muted small keys-hint">/ search · j/k move · Enter open · Esc close</span>
      <button
        type="button"
        className="btn-ghost"
        data-testid="theme-toggle"
        onClick={() => setTheme(NEXT_THEME[theme])}
        title="Theme: system, light or dark"
      >
        Theme: {theme}
      </button>
    </nav>
  );
}
