import { count, megabytes } from '../../format/numbers';
import { isoUtc } from '../../format/time';
import { useApp } from '../../store/store-context';
import { AddEvidence } from '../AddEvidence';
import { EmptyState } from '../EmptyState';
import { CustodyLog } from './CustodyLog';
import { DropZone } from './DropZone';
import { InvestigatorCard } from './InvestigatorCard';
import { LogGaps } from './LogGaps';

/** What the case holds and how it got there: evidence with hashes, sources, range, identities, custody, issues. */
export function CaseHome() {
  const info = useApp((s) => s.caseInfo);
  const go = useApp((s) => s.go);
  if (!info) return null;
  const { human, machine, unknown } = info.identities;
  return (
    <DropZone>
      <div className="case-home" data-testid="case-home">
        <section className="home-cards">
          <InvestigatorCard info={info} />
          <div className="card">
            <h3>Time range (UTC)</h3>
            <div className="mono" data-testid="home-range">
              {isoUtc(info.time_range.from) || '—'}
              <br />
              {isoUtc(info.time_range.to) || '—'}
            </div>
          </div>
          <div className="card">
            <h3>Identities</h3>
            <div className="home-idcounts" data-testid="home-identities">
              <button
                type="button"
                className="link"
                onClick={() => go({ view: 'identities', explorer: { sort: 'events', category: 'machine' } })}
              >
                <b>{count(machine)}</b> machine
              </button>
              <button
                type="button"
                className="link"
                onClick={() => go({ view: 'identities', explorer: { sort: 'events', category: 'human' } })}
              >
                <b>{count(human)}</b> human
              </button>
              <span>
                <b>{count(unknown)}</b> unknown
              </span>
            </div>
          </div>
          <div className="card">
            <h3>Sources</h3>
            {info.sources.length === 0 ? (
              <span className="muted">none yet</span>
            ) : (
              info.sources.map((s) => (
                <div key={s.source} data-testid="home-source">
                  {s.source}: <b>{count(s.events)}</b> events
                </div>
              ))
            )}
          </div>
          <div className={`card${info.custody.ok ? '' : ' card-danger'}`}>
            <h3>Custody chain</h3>
            <div data-testid="home-custody">
              {info.custody.ok ? 'intact' : `BROKEN: ${info.custody.problem}`} · {count(info.custody.entries)} entries
            </div>
            <div className="mono muted small" title="SHA-256 of the last entry">
              {info.custody.head?.slice(0, 16) ?? ''}
            </div>
          </div>
        </section>
        <section className="card">
          <div className="card-head">
            <h3>
              Evidence files ({count(info.evidence_total)})
              {info.evidence_total > info.evidence.length ? `, first ${info.evidence.length} shown` : ''}
            </h3>
            <span className="spacer" />
            <AddEvidence />
          </div>
          {info.evidence.length === 0 ? (
            <EmptyState title="No evidence yet" hint="Add files, folders or archives, or drop them here." />
          ) : (
            <div className="table-scroll home-evidence" tabIndex={0} role="region" aria-label="Evidence files">
              <table className="plain-table" data-testid="evidence-table">
                <thead>
                  <tr>
                    <th>File</th>
                    <th>SHA-256</th>
                    <th>Format</th>
                    <th className="num">MB</th>
                    <th className="num">Records</th>
                    <th className="num">Loaded</th>
                    <th className="num">Quarantined</th>
                    <th>Skipped</th>
                  </tr>
                </thead>
                <tbody>
                  {info.evidence.map((f) => (
                    <tr key={f.evidence_id}>
                      <td className="mono" title={f.path}>
                        {f.member_path ?? f.path}
                      </td>
                      <td className="mono" title={f.sha256}>
                        {f.sha256.slice(0, 16)}…
                      </td>
                      <td>{f.format}</td>
                      <td className="num">{megabytes(f.size)}</td>
                      <td className="num">{count(f.records)}</td>
                      <td className="num">{count(f.loaded)}</td>
                      <td className={`num${f.quarantined ? ' failure-text' : ''}`}>{count(f.quarantined)}</td>
                      <td>{f.skipped_reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card">
          <h3>Ingest issues ({count(info.issues.count)})</h3>
          {info.issues.count === 0 ? (
            <span className="muted">None: every record read was loaded.</span>
          ) : (
            <table className="plain-table" data-testid="issues-table">
              <tbody>
                {info.issues.first.map((i, n) => (
                  <tr key={n}>
                    <td className="mono">{i.file}</td>
                    <td className="mono">{i.position}</td>
                    <td>{i.reason}</td>
                    <td className="mono muted">{i.excerpt?.slice(0, 120)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <LogGaps gaps={info.gaps} />
        <CustodyLog />
      </div>
    </DropZone>
  );
}
