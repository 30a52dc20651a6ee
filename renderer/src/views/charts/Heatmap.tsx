import { count } from '../../format/numbers';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Hour of day (UTC) × weekday; darker is busier. A click picks that weekday and hour. */
export function Heatmap(p: {
  cells: { dow: number; hour: number; n: number }[];
  onPick?(dow: number, hour: number): void;
}) {
  const grid = new Map(p.cells.map((c) => [`${c.dow}:${c.hour}`, c.n]));
  const max = Math.max(1, ...p.cells.map((c) => c.n));
  return (
    <div className="heatmap" data-testid="heatmap" role="table" aria-label="Events by weekday and hour (UTC)">
      <div className="heat-row heat-head" role="row">
        <span />
        {Array.from({ length: 24 }, (_, h) => (
          <span key={h} className="heat-hour" role="columnheader">
            {h % 3 === 0 ? h : ''}
          </span>
        ))}
      </div>
      {DAYS.map((day, i) => (
        <div key={day} className="heat-row" role="row">
          <span className="heat-day" role="rowheader">
            {day}
          </span>
          {Array.from({ length: 24 }, (_, h) => {
            const n = grid.get(`${i + 1}:${h}`) ?? 0;
            return (
              <span
                key={h}
                role="cell"
                className="heat-cell"
                data-n={n}
                style={{
                  opacity: n ? 0.15 + 0.85 * Math.sqrt(n / max) : 1,
                  background: n ? undefined : 'var(--surface-2)',
                }}
                title={`${day} ${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59 UTC: ${count(n)} events`}
                onClick={() => p.onPick?.(i + 1, h)}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
