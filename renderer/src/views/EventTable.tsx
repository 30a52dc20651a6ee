import { useCallback, useRef, useState } from 'react';
import { useColumnFit } from '../hooks/use-column-fit';
import { usePagedVirtualList } from '../hooks/use-paged-virtual-list';
import { rowAt } from '../store/paged';
import { useApp } from '../store/store-context';
import { gridOf, minWidthOf, visibleColumns } from './event-columns';
import { EventTableHeader } from './events/EventTableHeader';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;

/**
 * Events in time order or by a column the investigator clicked, fetched 200 at a time as they scroll into view;
 * never the whole table. Columns resize by dragging their header's edge; long values are cut in the middle.
 */
export function EventTable() {
  const paged = useApp((s) => s.events);
  const load = useApp((s) => s.loadEvents);
  const selectEvent = useApp((s) => s.selectEvent);
  const selectedUid = useApp((s) => s.selectedEventUid);

  const onActivate = useCallback(
    (index: number) => {
      const row = rowAt(paged, index);
      if (row) void selectEvent(row.event_uid, row.time);
    },
    [paged, selectEvent],
  );
  // With the detail open, the detail follows the cursor (j/k, arrows): it shows the event the cursor is on.
  const onMove = useCallback(
    (index: number) => {
      if (selectedUid !== null) onActivate(index);
    },
    [selectedUid, onActivate],
  );
  const list = usePagedVirtualList({
    count: paged.total ?? 0,
    rowHeight: ROW_HEIGHT,
    pagedKey: paged.key,
    load,
    onActivate,
    onMove,
    headerHeight: HEADER_HEIGHT,
  });
  const hidden = useApp((s) => s.nav.hidden);
  const saved = useApp((s) => s.nav.widths);
  // While a column's edge is dragged its width lives here; the view takes the one the drag ends on.
  const [drag, setDrag] = useState<{ id: string; w: number } | null>(null);
  const widths = drag ? { ...saved, [drag.id]: drag.w } : saved;
  const columns = visibleColumns(hidden);
  const grid = { gridTemplateColumns: gridOf(columns, widths) };
  const headerRef = useRef<HTMLDivElement>(null);
  const { fit, drawn } = useColumnFit(headerRef, grid.gridTemplateColumns);

  return (
    <div
      ref={list.scrollRef}
      className="virtual-scroll event-table"
      style={{ ['--event-min-width' as string]: `${minWidthOf(columns, widths)}px` }}
      tabIndex={0}
      role="grid"
      aria-label="Events"
      aria-rowcount={paged.total ?? -1}
      aria-activedescendant={list.activeIndex >= 0 ? `event-${list.activeIndex}` : undefined}
      onKeyDown={(e) => (e.key === 'Escape' ? void selectEvent(null) : list.onKeyDown(e))}
    >
      <EventTableHeader
        ref={headerRef}
        columns={columns}
        style={{ ...grid, height: HEADER_HEIGHT }}
        drawn={drawn}
        onDrag={setDrag}
      />
      <div className="virtual-body" style={{ height: list.virtualizer.getTotalSize() }}>
        {list.items.map((item) => {
          const row = rowAt(paged, item.index);
          const selected = row !== undefined && row.event_uid === selectedUid;
          const classes = ['event-row'];
          if (selected) classes.push('selected');
          if (item.index === list.activeIndex) classes.push('active');
          if (row?.outcome === 'failure') classes.push('failure');
          if (!row) classes.push('placeholder');
          return (
            <div
              key={item.key}
              id={`event-${item.index}`}
              role="row"
              aria-selected={selected}
              className={classes.join(' ')}
              style={{ ...grid, height: item.size, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onClick={() => list.activate(item.index)}
              {...(row
                ? {
                    'data-testid': 'event-row',
                    'data-actor': row.actor_uid ?? '',
                    'data-event': row.event_uid,
                    'data-time': row.time,
                  }
                : {})}
            >
              {row ? (
                columns.map((c) => {
                  const v = c.value(row);
                  return (
                    <div key={c.id} role="gridcell" className={`cell col-${c.id}${c.mono ? ' mono' : ''}`} title={v}>
                      {c.middle ? fit(c.id, Boolean(c.mono), v) : v}
                    </div>
                  );
                })
              ) : (
                <div className="skeleton" />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
