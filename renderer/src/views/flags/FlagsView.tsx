import type { Annotation } from '../../../../shared/methods/workspace';
import { useApi } from '../../hooks/use-api';
import { isoUtc } from '../../format/time';
import { useApp, useConnection } from '../../store/store-context';
import { EmptyState } from '../EmptyState';

/** Every flag and note, newest first, with who and when; a click goes to what it is about. */
export function FlagsView() {
  const conn = useConnection();
  const go = useApp((s) => s.go);
  const selectEvent = useApp((s) => s.selectEvent);
  const list = useApi('flags', () => conn.api.listAnnotations({ limit: 1000 }));

  const open = (a: Annotation) => {
    if (a.target_kind === 'identity') go({ view: 'identity', actor: a.target_id, filter: {} });
    else if (a.target_kind === 'event' && a.at) {
      const t = Date.parse(a.at);
      go({
        view: 'events',
        actor: a.actor_uid,
        filter: { from: new Date(t - 60e3).toISOString(), to: new Date(t + 60e3).toISOString() },
      });
      void selectEvent(a.target_id);
    } else if (a.at)
      go({
        view: a.actor_uid ? 'identity' : 'timeline',
        actor: a.actor_uid,
        filter: { from: a.at, to: a.until ?? a.at },
      });
  };

  if (list.error) return <EmptyState title="Flags could not be read" hint={list.error} tone="error" />;
  if (!list.data) return <EmptyState title="Loading flags…" />;
  if (list.data.total === 0)
    return (
      <EmptyState
        title="No flags or notes yet"
        hint="Flag an event from its detail, an identity or a time range from its page."
      />
    );
  return (
    <div className="flags-view pane">
      <div className="pane-header">
        <h2>Flags and notes</h2>
        <span className="pane-count" data-testid="flags-total" data-total={list.data.total}>
          {list.data.total}
        </span>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Flags and notes">
        <table className="plain-table" data-testid="flags-table">
          <thead>
            <tr>
              <th>Severity</th>
              <th>On</th>
              <th>When (target)</th>
              <th>Note</th>
              <th>Tags</th>
              <th>By</th>
              <th>Recorded (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {list.data.rows.map((a) => (
              <tr
                key={a.annotation_id}
                data-testid="flag-row"
                data-target={a.target_id}
                onClick={() => open(a)}
                className="clickable"
              >
                <td>
                  <span className={`sev sev-${a.severity ?? 'note'}`}>{a.kind === 'note' ? 'note' : a.severity}</span>
                </td>
                <td>
                  {a.target_kind} <span className="mono muted">{a.actor_uid ?? ''}</span>
                </td>
                <td className="mono">
                  {a.at ? isoUtc(a.at) : ''}
                  {a.until ? ` → ${isoUtc(a.until)}` : ''}
                </td>
                <td>{a.note}</td>
                <td>{a.tags.join(', ')}</td>
                <td className="mono">{a.by_user}</td>
                <td className="mono">{isoUtc(a.recorded_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
