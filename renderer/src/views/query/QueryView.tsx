import { useEffect, useState } from 'react';
import type { QueryResult, SavedQuery } from '../../../../shared/methods/console';
import type { Timeline } from '../../../../shared/methods/workspace';
import { useWidth } from '../../hooks/use-width';
import { useApi } from '../../hooks/use-api';
import { useApp, useConnection } from '../../store/store-context';
import { StackedTimeline } from '../charts/StackedTimeline';
import { QueryGrid } from './QueryGrid';
import { SqlEditor } from './SqlEditor';

const PAGE = 500;
const EXAMPLE = `-- Read-only SQL over the case's views (docs/query-views.md). Ctrl+Enter runs.
SELECT api_operation, count(*) AS n
FROM events
GROUP BY api_operation
ORDER BY n DESC`;

/** Columns "Chart it" can count over time: DuckDB's timestamp types (with or without time zone, any precision). */
export const timeColumns = (r: QueryResult | null) =>
  (r?.columns ?? []).filter((c) => c.type.startsWith('TIMESTAMP')).map((c) => c.name);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Saves text as a file through the browser: the CSV is built in the core, this only hands it over. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The query console: SQL over the case views, results paged in a virtualised grid, named queries kept in the case. */
export function QueryView() {
  const conn = useConnection();
  const schema = useApi('query-schema', () => conn.api.querySchema({}));
  const [savedVersion, setSavedVersion] = useState(0);
  const saved = useApi(`saved-${savedVersion}`, () => conn.api.listSavedQueries({}));
  const handed = useApp((s) => s.consoleSql);
  const [text, setText] = useState(handed?.text ?? EXAMPLE);
  // "Show SQL" elsewhere hands its query over: it replaces the editor's text, each time it is asked for.
  useEffect(() => {
    if (handed) setText(handed.text);
  }, [handed]);
  const [ran, setRan] = useState<string | null>(null);
  const [result, setResult] = useState<QueryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  const [chart, setChart] = useState<{ column: string; timeline: Timeline } | null>(null);
  const [chartColumn, setChartColumn] = useState('');
  const [chartRef, chartWidth] = useWidth<HTMLDivElement>();
  const times = timeColumns(result);
  const column = times.includes(chartColumn) ? chartColumn : (times[0] ?? '');

  const run = async (sql: string, offset: number) => {
    setRunning(true);
    setError(null);
    try {
      const r = await conn.api.runQuery({ sql, offset, limit: PAGE });
      setResult(r);
      if (sql !== ran) setChart(null);
      setRan(sql);
    } catch (err) {
      setError(message(err));
    } finally {
      setRunning(false);
    }
  };
  /** The editor's text as a Sigma rule: its matches through the same compiler analysis uses (one page). */
  const runSigma = async () => {
    setRunning(true);
    setError(null);
    try {
      const r = await conn.api.sigmaSearch({ rule: text, limit: PAGE });
      setResult(r.result);
      setRan(null);
      setStatus(
        `Sigma: ${r.rules.map((x) => x.title).join(', ')}` +
          (r.rejected.length
            ? ` · not run: ${r.rejected.map((x) => `${x.title ?? 'rule'} (${x.reason})`).join('; ')}`
            : ''),
      );
    } catch (err) {
      setError(message(err));
    } finally {
      setRunning(false);
    }
  };
  const act = async (fn: () => Promise<string>) => {
    setError(null);
    try {
      setStatus(await fn());
    } catch (err) {
      setError(message(err));
    }
  };
  const save = () =>
    act(async () => {
      const s = await conn.api.saveQuery({ name, sql: text });
      setSavedVersion((n) => n + 1);
      return `saved as “${s.name}”`;
    });
  const open = (q: SavedQuery) => {
    setText(q.sql);
    setName(q.name);
    setStatus(`opened “${q.name}”`);
  };
  const remove = (q: SavedQuery) =>
    act(async () => {
      await conn.api.deleteSavedQuery({ name: q.name });
      setSavedVersion((n) => n + 1);
      return `deleted “${q.name}”`;
    });
  /** Every row of the result counted over time by a timestamp column, drawn with the app's timeline chart. */
  const chartIt = () =>
    act(async () => {
      if (!ran || !column) return '';
      const timeline = await conn.api.chartQuery({
        sql: ran,
        column,
        buckets: Math.max(10, Math.min(400, chartWidth || 400)),
      });
      setChart({ column, timeline });
      return `charted ${timeline.total.toLocaleString()} rows by ${column}`;
    });
  /** The whole result as a Parquet file in the case folder's exports/ (written by the core; the path is shown). */
  const exportParquet = () =>
    act(async () => {
      const r = await conn.api.exportQueryParquet({ sql: ran ?? text });
      return `wrote ${r.rows.toLocaleString()} rows to ${r.path}, SHA-256 ${r.sha256} (in custody)`;
    });
  const exportCsv = () =>
    act(async () => {
      const r = await conn.api.exportQueryCsv({ sql: ran ?? text });
      // The desktop app refuses downloads (main/electron/lockdown.ts): there the CSV goes to the clipboard.
      const copied = conn.pickPath !== undefined;
      if (copied) await navigator.clipboard.writeText(r.csv);
      else download('query.csv', r.csv);
      return `${copied ? 'copied as CSV' : 'exported'} ${r.rows.toLocaleString()} rows${r.truncated ? ' (the first 100,000)' : ''}, SHA-256 ${r.sha256} (in custody)`;
    });

  return (
    <div className="query-view" data-testid="query-view">
      <div className="toolbar query-toolbar">
        <h2>Query</h2>
        <button type="button" onClick={() => void run(text, 0)} disabled={running}>
          Run
        </button>
        <button
          type="button"
          onClick={() => void runSigma()}
          disabled={running}
          title="Run the editor's text as a Sigma rule (YAML)"
        >
          Run as Sigma
        </button>
        <button type="button" onClick={() => void conn.api.cancelQuery({})} disabled={!running}>
          Cancel
        </button>
        <label>
          name <input value={name} onChange={(e) => setName(e.target.value)} aria-label="query name" />
        </label>
        <button type="button" onClick={() => void save()} disabled={!name.trim()}>
          Save
        </button>
        <button type="button" onClick={() => void exportCsv()} disabled={!result || !ran}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportParquet()} disabled={!result || !ran}>
          Export Parquet
        </button>
      </div>
      <div className="query-body">
        <aside className="query-saved" aria-label="saved queries">
          <h3>Saved queries</h3>
          {saved.data?.length === 0 && <p className="muted">none yet</p>}
          <ul>
            {saved.data?.map((q) => (
              <li key={q.name} data-testid="saved-query">
                <button type="button" className="link" onClick={() => open(q)} title={q.sql}>
                  {q.name}
                </button>
                <button type="button" className="small" onClick={() => void remove(q)} aria-label={`delete ${q.name}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <div className="query-main">
          {schema.data ? (
            <SqlEditor value={text} onChange={setText} onRun={() => void run(text, 0)} schema={schema.data} />
          ) : (
            <p className="muted">{schema.error ?? 'loading the views…'}</p>
          )}
          <div className="query-status" role="status" data-testid="query-status">
            {running
              ? 'running…'
              : error
                ? null
                : result
                  ? `rows ${result.offset + 1}–${result.offset + result.rows.length}${result.more ? ' (more follow)' : ''} · ${result.elapsed_ms} ms · result SHA-256 ${result.sha256.slice(0, 16)}… in custody`
                  : ''}
            {status && <span className="muted"> · {status}</span>}
          </div>
          {error && (
            <p className="query-error" role="alert" data-testid="query-error">
              {error}
            </p>
          )}
          {/* Always mounted, so its width is measured before the first chart. */}
          <div ref={chartRef} className="query-chart">
            {chart && result && chartWidth > 0 && (
              <StackedTimeline
                testId="query-chart"
                timeline={chart.timeline}
                width={chartWidth}
                height={140}
                legend={false}
              />
            )}
          </div>
          {result && (
            <>
              <div className="query-pager" hidden={!ran}>
                <button
                  type="button"
                  disabled={running || result.offset === 0}
                  onClick={() => ran && void run(ran, Math.max(0, result.offset - PAGE))}
                >
                  Previous page
                </button>
                <button
                  type="button"
                  disabled={running || !result.more}
                  onClick={() => ran && void run(ran, result.offset + PAGE)}
                >
                  Next page
                </button>
              </div>
              {ran && times.length > 0 && (
                <div className="query-chart-bar">
                  <label>
                    over time by{' '}
                    <select aria-label="time column" value={column} onChange={(e) => setChartColumn(e.target.value)}>
                      {times.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </label>{' '}
                  <button type="button" data-testid="chart-it" onClick={() => void chartIt()} disabled={running}>
                    Chart it
                  </button>
                </div>
              )}
              <QueryGrid result={result} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
