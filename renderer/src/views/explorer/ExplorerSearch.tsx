import { useCallback } from 'react';
import { useDebouncedField } from '../../hooks/use-debounced-field';
import { useApp } from '../../store/store-context';

export function ExplorerSearch() {
  const stored = useApp((s) => s.nav.explorer.search ?? '');
  const explorer = useApp((s) => s.nav.explorer);
  const go = useApp((s) => s.go);
  const commit = useCallback(
    (search: string) => go({ explorer: { ...explorer, search: search.trim() || undefined } }),
    [go, explorer],
  );
  const [text, setText] = useDebouncedField(stored, commit);
  return (
    <input
      type="search"
      data-testid="explorer-search"
      data-search-target="true"
      placeholder="Search name or ARN  ( / )"
      aria-label="Search identities"
      spellCheck={false}
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}
