import { useApp } from '../store/store-context';

/** Every failed call ends up here, with what the user was doing and the host's message, until dismissed. */
export function ErrorBanner() {
  const errors = useApp((s) => s.errors);
  const dismiss = useApp((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e) => (
        <div className="error-item" key={e.id}>
          <span className="error-action">{e.action} failed</span>
          <span className="error-message">{e.message}</span>
          {e.kind !== 'internal' && <span className="error-kind">{e.kind}</span>}
          <button type="button" className="btn-ghost" onClick={() => dismiss(e.id)} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
