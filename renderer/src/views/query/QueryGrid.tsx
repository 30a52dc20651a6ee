import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { QueryResult } from '../../../../shared/methods/console';

const ROW = 26;
const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** One page of a console result, virtualised: only the rows in view are in the DOM. */
export function QueryGrid({ result }: { result: QueryResult }) {
  const scroll = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: result.rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW,
    overscan: 20,
  });
  const template = `repeat(${result.columns.length}, minmax(8rem, 1fr))`;
  return (
    <div className="query-grid" ref={scroll} role="table" aria-label="query result" data-testid="query-grid">
      <div className="query-grid-head" role="row" style={{ gridTemplateColumns: template }}>
        {result.columns.map((c, i) => (
          <div key={i} role="columnheader" title={c.type}>
            {c.name}
          </div>
        ))}
      </div>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((item) => (
          <div
            key={item.index}
            role="row"
            data-testid="query-row"
            className="query-grid-row"
            style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW }}
          >
            {result.rows[item.index]!.map((value, i) => (
              <div key={i} role="cell" title={cell(value)}>
                {cell(value)}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
