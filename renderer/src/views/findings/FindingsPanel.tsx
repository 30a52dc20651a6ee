import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createFindingsStore, type MinSeverity } from '../../store/findings-slice';
import { useApp, useConnection } from '../../store/store-context';
import { ShowSqlButton } from '../ShowSqlButton';
import { FindingCard } from './FindingCard';
import './findings.css';

const LEVELS: MinSeverity[] = ['low', 'medium', 'high', 'critical'];

/** Run the analysis and review its findings (strongest first), for the case or the selected identity. */
export function FindingsPanel() {
  const conn = useConnection();
  const dataChanged = useApp((a) => a.dataChanged);
  const store = useMemo(() => createFindingsStore(conn, dataChanged), [conn, dataChanged]);
  const s = useStore(store);
  const casePath = useApp((a) => a.caseInfo?.path ?? null);
  const selected = useApp((a) => a.selectedIdentity?.actor_uid ?? null);
  const [onlySelected, setOnlySelected] = useState(false);
  const [until, setUntil] = useState('');
  const { load, setFilter } = s;

  const dataVersion = useApp((a) => a.dataVersion);
  useEffect(() => {
    if (casePath) void load();
  }, [casePath, load, dataVersion]);
  const actor = onlySelected ? selected : null;
  useEffect(() => {
    if (actor !== store.getState().filter.actorUid) setFilter({ actorUid: actor });
  }, [actor, setFilter, store]);

  return (
    <section className="findings-panel" aria-label="Findings" data-testid="findings-panel">
      <div className="findings-bar">
        <strong>Findings</strong>
        <span className="mono">{s.total}</span>
        <label>
          at least{' '}
          <select
            value={s.filter.minSeverity}
            onChange={(e) => setFilter({ minSeverity: e.target.value as MinSeverity })}
          >
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          status{' '}
          <select
            value={s.filter.status ?? ''}
            onChange={(e) => setFilter({ status: (e.target.value || null) as typeof s.filter.status })}
          >
            <option value="">any</option>
            <option>new</option>
            <option>confirmed</option>
            <option>dismissed</option>
          </select>
        </label>
        <label title={selected ?? 'select an identity first'}>
          <input
            type="checkbox"
            checked={onlySelected}
            disabled={!selected}
            onChange={(e) => setOnlySelected(e.target.checked)}
          />{' '}
          selected identity only
        </label>
        <ShowSqlButton
          what="the findings list"
          testId="findings-show-sql"
          target={{
            view: 'findings',
            min_severity: s.filter.minSeverity,
            ...(s.filter.status ? { status: s.filter.status } : {}),
            ...(s.filter.actorUid ? { actor_uid: s.filter.actorUid } : {}),
          }}
        />
        <span className="spacer" />
        <input
          aria-label="baseline until"
          placeholder="baseline until (default: last 7 days)"
          value={until}
          onChange={(e) => setUntil(e.target.value)}
        />
        <button type="button" disabled={s.analysing !== null} onClick={() => void s.analyse(until || undefined)}>
          {s.analysing !== null ? `Analysing: ${s.analysing}` : 'Analyse'}
        </button>
      </div>
      {s.error && <div className="findings-error">{s.error}</div>}
      {s.lastRun && (
        <div className="findings-run mono">
          learned from {s.lastRun.baseline_events.toLocaleString()} events before{' '}
          {s.lastRun.baseline_until.slice(0, 16)}; analysed {s.lastRun.analysed_events.toLocaleString()};{' '}
          {s.lastRun.findings} findings; {s.lastRun.kept_decisions} decisions kept
          {s.lastRun.own_window_identities > 0 &&
            `; ${s.lastRun.own_window_identities} identities silent in that window analysed over their own last 7 days`}
          {s.lastRun.warnings.map((w) => (
            <div key={w} className="findings-warning" role="status">
              Warning: {w}
            </div>
          ))}
        </div>
      )}
      <ul className="findings-list">
        {s.findings.map((f) => (
          <FindingCard key={f.id} finding={f} onDecide={(status, note) => void s.decide(f.id, status, note)} />
        ))}
      </ul>
      {!s.loading && s.findings.length === 0 && (
        <div className="findings-empty">No findings at this level. Run Analyse.</div>
      )}
    </section>
  );
}
