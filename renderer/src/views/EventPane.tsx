import { count } from '../format/numbers';
import { eventQueryFilter } from '../store/event-slice';
import { useApp } from '../store/store-context';
import { EmptyState } from './EmptyState';
import { ColumnChooser } from './events/ColumnChooser';
import { FilterBar, FilterChips } from './events/FilterBar';
import { EventTable } from './EventTable';
import { SelectedIdentity } from './identity/SelectedIdentity';
import { ShowSqlButton } from './ShowSqlButton';

/** The events under the shared filter: filter bar, chips, the virtual table. `compact` drops the bar (identity page). */
export function EventPane(p: { compact?: boolean; title?: string }) {
  const identity = useApp((s) => s.selectedIdentity);
  const actor = useApp((s) => s.nav.actor);
  const go = useApp((s) => s.go);
  const sort = useApp((s) => s.nav.sort);
  const byTime = sort.column === 'time';
  const caseEvents = useApp((s) => s.caseInfo?.events ?? 0);
  // An empty case never mounts the table, so nothing asks for a page: its total is simply 0.
  const total = useApp((s) => (caseEvents === 0 ? 0 : s.events.total));
  const counting = useApp((s) => s.eventsCounting);
  const nav = useApp((s) => s.nav);

  return (
    <main className="pane event-pane" aria-label="Events">
      <div className="pane-header">
        <h2>{p.title ?? 'Events'}</h2>
        <span
          className="pane-count"
          data-testid="event-total"
          data-total={counting ? undefined : (total ?? undefined)}
          aria-busy={counting}
          title={counting ? 'Free text reads every raw record: the count follows the first page' : undefined}
        >
          {total === null ? '…' : counting ? 'counting…' : count(total)}
        </span>
        <div className="pane-header-tools">
          <button
            type="button"
            className="btn-ghost"
            data-testid="event-order"
            onClick={() => go({ sort: { column: 'time', order: byTime && sort.order === 'asc' ? 'desc' : 'asc' } })}
            title={byTime ? 'Sort by time the other way' : `Sorted by ${sort.column}: back to time order`}
          >
            {!byTime ? 'Time order' : sort.order === 'asc' ? 'Oldest first' : 'Newest first'}
          </button>
          <ColumnChooser />
          <ShowSqlButton
            what="the events table"
            testId="events-show-sql"
            target={{ view: 'events', filter: eventQueryFilter(nav), sort: sort.column, order: sort.order }}
          />
        </div>
      </div>
      {!p.compact && <FilterBar />}
      <FilterChips />
      {!p.compact && identity && actor === identity.actor_uid && (
        <SelectedIdentity identity={identity} onClear={() => go({ actor: null })} />
      )}
      {caseEvents === 0 ? (
        <EmptyState
          title="No events yet — add evidence"
          hint="Type the path of a CloudTrail export, folder or archive above and press Add evidence."
        />
      ) : total === 0 ? (
        <EmptyState title="No events match" hint="Remove a filter or widen the time range to see more." />
      ) : (
        <EventTable />
      )}
    </main>
  );
}
