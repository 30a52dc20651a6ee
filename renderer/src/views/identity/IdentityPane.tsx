import { count } from '../../format/numbers';
import { useApp } from '../../store/store-context';
import { IdentityFilters } from './IdentityFilters';
import { IdentityList } from './IdentityList';
import { IdentitySearch } from './IdentitySearch';

export function IdentityPane() {
  const total = useApp((s) => s.identities.total);
  return (
    <aside className="pane identity-pane" aria-label="Identities">
      <div className="pane-header">
        <h2>Identities</h2>
        <span className="pane-count" data-testid="identity-total" data-total={total ?? undefined}>
          {total === null ? '…' : count(total)}
        </span>
      </div>
      <div className="pane-toolbar">
        <IdentityFilters />
        <IdentitySearch />
      </div>
      <IdentityList />
    </aside>
  );
}
