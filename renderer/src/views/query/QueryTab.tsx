import { lazy, Suspense } from 'react';

// The editor (CodeMirror) is loaded when the tab is first opened, not with the rest of the app.
const QueryView = lazy(() => import('./QueryView').then((m) => ({ default: m.QueryView })));

export function QueryTab() {
  return (
    <Suspense fallback={<p className="muted">loading the query console…</p>}>
      <QueryView />
    </Suspense>
  );
}
