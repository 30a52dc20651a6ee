import { useEffect, useState } from 'react';
import { FINDING_STATUSES, SEVERITY_LEVELS, type FindingStatus, type SeverityLevel } from '../../../../shared/model';
import { useApp } from '../../store/store-context';
import { ShowSqlButton } from '../ShowSqlButton';
import { FindingCard } from './FindingCard';
import './findings.css';

/** Run the analysis and review its findings (strongest first), for the case or the selected identity. */
export function FindingsPanel() {
  const s = useApp((a) => a.findings);
  const load = useApp((a) => a.loadFindings);
  const setFilter = useApp((a) => a.setFindingsFilter);
  const analyse = useApp((a) => a.analyse);
  const decide = useApp((a) => a.decideFinding);
  const casePath = useApp((a) => a.caseInfo?.path ?? null);
  const selected = useApp((a) => a.selectedIdentity?.actor_uid ?? null);
  const [onlySelected, setOnlySelected] = useState(false);
  const [until, setUntil] = useState('');

  const dataVersion = useApp((a) => a.dataVersion);
  useEffect(() => {
    if (casePath) void load();
  }, [casePath, load, dataVersion]);
  const actor = onlySelected ? selected : null;
  useEffect(() => {
    if (actor !== s.filter.actorUid) setFilter({ actorUid: actor });
  }, [actor, setFilter, s.filter.actorUid]);

  return (
    <section className="findings-panel" aria-label="Findings" data-testid="findings-panel">
      <div className="findings-bar">
        <strong>Findings</strong>
        <span className="mono">{s.total}</span>
        <label>
          at least{' '}
          <select
            value={s.filter.minSeverity}
            onChange={(e) => setFilter({ minSeverity: e.target.value as SeverityLevel })}
          >
            {SEVERITY_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          status{' '}
          <select
            value={s.filter.status ?? ''}
            onChange={(e) => setFilter({ status: (e.target.value || null) as FindingStatus | null })}
          >
            <option value="">any</option>
            {FINDING_STATUSES.map((st) => (
              <option key={st}>{st}</option>
            ))}
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
        <button type="button" disabled={s.analysing !== null} onClick={() => void analyse(until || undefined)}>
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
        {s.rows.map((f) => (
          <FindingCard key={f.id} finding={f} onDecide={(status, note) => void decide(f.id, status, note)} />
        ))}
      </ul>
      {!s.loading && s.rows.length === 0 && (
        <div className="findings-empty">No findings at this level. Run Analyse.</div>
      )}
    </section>
  );
}
