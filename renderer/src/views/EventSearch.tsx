import { useCallback } from 'react';
import { useDebouncedField } from '../hooks/use-debounced-field';
import { useApp } from '../store/store-context';

export function EventSearch() {
  const stored = useApp((s) => s.eventFilter.search);
  const setFilter = useApp((s) => s.setEventFilter);
  const commit = useCallback((search: string) => setFilter({ search }), [setFilter]);
  const [text, setText] = useDebouncedField(stored, commit);

  return (
    <input
      type="search"
      className="grow"
      data-testid="event-search"
      placeholder="Search raw records: ARN, IP, key id, request id…"
      aria-label="Search events"
      spellCheck={false}
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}
