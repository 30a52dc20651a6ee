import { count } from '../format/numbers';
import { useApp } from '../store/store-context';
import { EmptyState } from './EmptyState';
import { EventSearch } from './EventSearch';
import { EventTable } from './EventTable';
import { SelectedIdentity } from './SelectedIdentity';

export function EventPane() {
  const identity = useApp((s) => s.selectedIdentity);
  const selectIdentity = useApp((s) => s.selectIdentity);
  const operation = useApp((s) => s.eventFilter.operation);
  const setFilter = useApp((s) => s.setEventFilter);
  const caseEvents = useApp((s) => s.caseInfo?.events ?? 0);
  // An empty case never mounts the table, so nothing asks for a page: its total is simply 0.
  const total = useApp((s) => (caseEvents === 0 ? 0 : s.events.total));

  return (
    <main className="pane event-pane" aria-label="Events">
      <div className="pane-header">
        <h2>Events</h2>
        <span className="pane-count" data-testid="event-total" data-total={total ?? undefined}>
          {total === null ? '…' : count(total)}
        </span>
        <div className="pane-header-tools">
          {operation && (
            <span className="chip">
              operation = <span className="mono">{operation}</span>
              <button
                type="button"
                aria-label="Remove the operation filter"
                onClick={() => setFilter({ operation: null })}
              >
                ×
              </button>
            </span>
          )}
          <EventSearch />
        </div>
      </div>
      {identity && <SelectedIdentity identity={identity} onClear={() => selectIdentity(null)} />}
      {caseEvents === 0 ? (
        <EmptyState
          title="No events yet — add evidence"
          hint="Type the path of a CloudTrail export, folder or archive above and press Add evidence."
        />
      ) : total === 0 ? (
        <EmptyState title="No events match" hint="Clear the search or the identity to see more." />
      ) : (
        <EventTable />
      )}
    </main>
  );
}
