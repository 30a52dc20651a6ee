import { useCallback } from 'react';
import { useDebouncedField } from '../../hooks/use-debounced-field';
import type { IdentitySort } from '../../store/identity-slice';
import { useApp } from '../../store/store-context';

const SORTS: { value: IdentitySort; label: string }[] = [
  { value: 'events', label: 'Most events' },
  { value: 'name', label: 'Name' },
  { value: 'first_seen', label: 'First seen' },
  { value: 'last_seen', label: 'Last seen' },
];

export function IdentitySearch() {
  const stored = useApp((s) => s.identityFilter.search);
  const sort = useApp((s) => s.identityFilter.sort);
  const setFilter = useApp((s) => s.setIdentityFilter);
  const commit = useCallback((search: string) => setFilter({ search }), [setFilter]);
  const [text, setText] = useDebouncedField(stored, commit);

  return (
    <div className="toolbar-row">
      <input
        type="search"
        className="grow"
        data-testid="identity-search"
        placeholder="Name or ARN"
        aria-label="Search identities"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select
        aria-label="Sort identities"
        value={sort}
        onChange={(e) => setFilter({ sort: e.target.value as IdentitySort })}
      >
        {SORTS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
