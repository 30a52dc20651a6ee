import { count } from '../../format/numbers';
import type { CategoryFilter } from '../../store/identity-slice';
import { useApp } from '../../store/store-context';

const FILTERS: { value: CategoryFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'machine', label: 'Machine' },
  { value: 'human', label: 'Human' },
  { value: 'unknown', label: 'Unknown' },
];

export function IdentityFilters() {
  const current = useApp((s) => s.identityFilter.category);
  const counts = useApp((s) => s.caseInfo?.identities);
  const setFilter = useApp((s) => s.setIdentityFilter);
  return (
    <div className="segmented" role="radiogroup" aria-label="Identity category">
      {FILTERS.map((f) => {
        const n = !counts ? null : f.value === 'all' ? counts.human + counts.machine + counts.unknown : counts[f.value];
        return (
          <button
            key={f.value}
            type="button"
            role="radio"
            aria-checked={current === f.value}
            className={current === f.value ? 'active' : undefined}
            data-testid={`identity-filter-${f.value}`}
            onClick={() => setFilter({ category: f.value })}
          >
            {f.label}
            {n !== null && <span className="segmented-count">{count(n)}</span>}
          </button>
        );
      })}
    </div>
  );
}
