import { forwardRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import type { EventSortColumn } from '../../../../shared/methods/workspace';
import { useApp } from '../../store/store-context';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, type EventColumn } from '../event-columns';

/** How far an arrow key moves a column's edge. */
const KEY_STEP = 16;

/**
 * The event table's header: a click on a column's name sorts by it (again: the other way), and its right edge
 * drags (or, focused, takes ← →) to resize it; a double click on the edge gives the column back its own width.
 * Both are part of the view, so Back undoes them and the case reopens with them.
 */
interface Props {
  columns: EventColumn[];
  style: CSSProperties;
  /** Each column's width as drawn now, in px. */
  drawn: Record<string, number>;
  /** A drag in progress (the table draws it), or null when it ends. */
  onDrag(drag: { id: string; w: number } | null): void;
}

export const EventTableHeader = forwardRef<HTMLDivElement, Props>(function EventTableHeader(
  { columns, style, drawn, onDrag },
  ref,
) {
  const sort = useApp((s) => s.nav.sort);
  const widths = useApp((s) => s.nav.widths);
  const go = useApp((s) => s.go);

  const sortBy = (column: EventSortColumn) =>
    go({
      sort:
        sort.column === column ? { column, order: sort.order === 'asc' ? 'desc' : 'asc' } : { column, order: 'asc' },
    });
  const setWidth = (id: string, w: number | null) => {
    const next = { ...widths };
    if (w === null) delete next[id];
    else next[id] = Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.round(w)));
    go({ widths: next });
  };
  const startDrag = (c: EventColumn, e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const cell = e.currentTarget.parentElement!;
    const x0 = e.clientX;
    const w0 = cell.getBoundingClientRect().width;
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    let w = w0;
    const move = (m: globalThis.PointerEvent) => {
      w = Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, w0 + m.clientX - x0));
      onDrag({ id: c.id, w });
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      onDrag(null);
      if (Math.abs(w - w0) >= 1) setWidth(c.id, w);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };
  const resizeKey = (c: EventColumn, e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const now = widths[c.id] ?? e.currentTarget.parentElement!.getBoundingClientRect().width;
    setWidth(c.id, now + (e.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP));
  };

  return (
    <div
      ref={ref}
      className="event-header"
      role="row"
      style={style}
      // The table's own keys (j/k, Enter, arrows) are for its rows, not for the header's buttons.
      onKeyDown={(e) => e.stopPropagation()}
    >
      {columns.map((c) => {
        const sorted = sort.column === c.id;
        return (
          <div
            key={c.id}
            role="columnheader"
            aria-sort={sorted ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={`cell col-${c.id}${sorted ? ' sorted' : ''}`}
            data-col={c.id}
          >
            {c.id === 'error_message' ? (
              <span className="col-sort">{c.label}</span>
            ) : (
              <button
                type="button"
                className="col-sort"
                data-testid={`sort-${c.id}`}
                title={`Sort by ${c.label}${sorted ? (sort.order === 'asc' ? ' (now ascending)' : ' (now descending)') : ''}`}
                onClick={() => sortBy(c.id as EventSortColumn)}
              >
                {c.label}
                {sorted && <span aria-hidden="true">{sort.order === 'asc' ? ' ▲' : ' ▼'}</span>}
              </button>
            )}
            <div
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize ${c.label}`}
              aria-valuenow={drawn[c.id] ?? MIN_COLUMN_WIDTH}
              aria-valuemin={MIN_COLUMN_WIDTH}
              aria-valuemax={MAX_COLUMN_WIDTH}
              tabIndex={0}
              className="col-resize"
              data-testid={`resize-${c.id}`}
              onPointerDown={(e) => startDrag(c, e)}
              onKeyDown={(e) => resizeKey(c, e)}
              onDoubleClick={() => setWidth(c.id, null)}
            />
          </div>
        );
      })}
    </div>
  );
});
