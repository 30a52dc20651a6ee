import { useApp } from '../store/store-context';
import { EmptyState } from './EmptyState';
import { EventDetailView } from './EventDetailView';

/** Mounted only while an event is selected (see App). */
export function EventDetailPane() {
  const selected = useApp((s) => s.selectedEventUid);
  const detail = useApp((s) => s.eventDetail);
  const error = useApp((s) => s.eventDetailError);
  return (
    <aside className="pane detail-pane" aria-label="Event detail">
      {detail && detail.event_uid === selected ? (
        <EventDetailView detail={detail} />
      ) : error ? (
        <EmptyState title="This event could not be read" hint={error} tone="error" />
      ) : (
        <EmptyState title="Loading event…" />
      )}
    </aside>
  );
}
