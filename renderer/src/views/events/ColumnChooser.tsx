import { useApp } from '../../store/store-context';
import { EVENT_COLUMNS } from '../event-columns';

/** Which event columns show; the choice is part of the saved view. */
export function ColumnChooser() {
  const hidden = useApp((s) => s.nav.hidden);
  const go = useApp((s) => s.go);
  const toggle = (id: string) => go({ hidden: hidden.includes(id) ? hidden.filter((h) => h !== id) : [...hidden, id] });
  return (
    <details className="column-chooser">
      <summary className="btn-ghost" data-testid="column-chooser">
        Columns
      </summary>
      <div className="menu" role="group" aria-label="Event columns">
        {EVENT_COLUMNS.filter((c) => c.id !== 'time').map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={!hidden.includes(c.id)}
              onChange={() => toggle(c.id)}
              data-testid={`column-${c.id}`}
            />
            {c.label}
          </label>
        ))}
      </div>
    </details>
  );
}
