import { useCallback } from 'react';
import { useDebouncedField } from '../hooks/use-debounced-field';
import { useApp } from '../store/store-context';

/** Free text over the whole raw record (press / anywhere to get here). */
export function EventSearch() {
  const stored = useApp((s) => s.nav.filter.text ?? '');
  const setFilter = useApp((s) => s.setFilter);
  const commit = useCallback((text: string) => setFilter({ text: text.trim() || undefined }), [setFilter]);
  const [text, setText] = useDebouncedField(stored, commit);

  return (
    <input
      type="search"
      className="grow"
      data-testid="event-search"
      data-search-target="true"
      placeholder="Search raw records: ARN, IP, key id, request id…  ( / )"
      aria-label="Search events"
      spellCheck={false}
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}
