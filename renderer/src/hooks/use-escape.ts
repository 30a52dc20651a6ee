import { useEffect } from 'react';

/**
 * Esc closes a panel that lives outside the store's dialog (report, verify). Listens before the global keys
 * (capture phase) and stops there, so the same Esc does not also close the event detail behind the panel.
 */
export function useEscape(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
}
