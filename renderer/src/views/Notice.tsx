import { useApp } from '../store/store-context';

/** The confirmation of the last save, read out politely by screen readers; it goes by itself. */
export function Notice() {
  const notice = useApp((s) => s.notice);
  return (
    <div className="notice" role="status" aria-live="polite" data-testid="notice">
      {notice}
    </div>
  );
}
