import type { ShowSqlTarget } from '../../../../shared/methods/console';
import type { TopValue } from '../../../../shared/methods/workspace';
import { count } from '../../format/numbers';
import { dayUtc, isoUtc } from '../../format/time';
import { ShowSqlButton } from '../ShowSqlButton';

/** One top-N list: value, count, failures and first seen; the bar shows the share of the biggest. */
export function TopPanel(p: {
  title: string;
  dim: string;
  rows: TopValue[] | undefined;
  onPick?(value: string): void;
  pickTitle?: string;
  onWide?(value: string): void;
  wideTitle?: string;
  /** The panel's query, for Show SQL. */
  sql?: ShowSqlTarget;
}) {
  const max = Math.max(1, ...(p.rows ?? []).map((r) => r.n));
  return (
    <section className="top-panel" data-testid={`top-${p.dim}`} aria-label={p.title}>
      <h3>
        {p.title} {p.sql && <ShowSqlButton target={p.sql} what={`the ${p.title.toLowerCase()} panel`} />}
      </h3>
      {!p.rows ? (
        <div className="muted">Loading…</div>
      ) : p.rows.length === 0 ? (
        <div className="muted">None</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Value</th>
              <th className="num">Events</th>
              <th className="num">Fail</th>
              <th>First seen</th>
              {p.onWide && <th />}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.value} data-value={r.value}>
                <td className="top-value" title={r.value}>
                  <span className="share-bar" style={{ width: `${(r.n / max) * 100}%` }} />
                  {p.onPick ? (
                    <button type="button" className="link mono" onClick={() => p.onPick!(r.value)} title={p.pickTitle}>
                      {r.value}
                    </button>
                  ) : (
                    <span className="mono">{r.value}</span>
                  )}
                </td>
                <td className="num">{count(r.n)}</td>
                <td className={`num${r.failures ? ' failure-text' : ''}`}>{r.failures ? count(r.failures) : ''}</td>
                <td title={`${isoUtc(r.first_seen)} → ${isoUtc(r.last_seen)}`}>{dayUtc(r.first_seen)}</td>
                {p.onWide && (
                  <td>
                    <button
                      type="button"
                      className="btn-ghost small"
                      title={p.wideTitle}
                      onClick={() => p.onWide!(r.value)}
                    >
                      ↗
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
