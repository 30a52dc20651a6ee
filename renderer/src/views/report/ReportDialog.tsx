import { useState, type FormEvent } from 'react';
import { PAPERS, REPORT_SECTIONS, type Paper } from '../../../../shared/methods/report';
import { useApp, useConnection } from '../../store/store-context';
import { ProgressBar } from '../ProgressBar';
import { SigningChoice, type Signing } from './SigningChoice';
import { useReportJob } from './use-report-job';
import { useEscape } from '../../hooks/use-escape';

const SECTION_LABELS: Record<(typeof REPORT_SECTIONS)[number], string> = {
  summary: 'Executive summary',
  scope: 'Scope',
  evidence: 'Evidence and re-hash',
  integrity: 'Integrity',
  method: 'Method',
  identities: 'Identity inventory',
  findings: 'Findings',
  annotations: 'Flags and notes',
  custody: 'Custody log',
  appendix: 'Appendix (JSON)',
};

/** Scope, sections, investigator, signature and output file of a PDF report; then progress and the result. */
export function ReportDialog(props: { onClose: () => void; onVerify: (path: string) => void }) {
  useEscape(props.onClose);
  const info = useApp((s) => s.caseInfo);
  const conn = useConnection();
  const { job, start, cancel, reset } = useReportJob();
  // The case's investigator by default: the report names who the custody log credits.
  const [investigator, setInvestigator] = useState(info?.investigator?.name ?? '');
  const [organization, setOrganization] = useState(info?.investigator?.organisation ?? '');
  const [paper, setPaper] = useState<Paper>('A4');
  const [identities, setIdentities] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [confirmedOnly, setConfirmedOnly] = useState(false);
  const [sections, setSections] = useState<Set<string>>(new Set(REPORT_SECTIONS));
  const [out, setOut] = useState(info ? info.path.replace(/\.trailmark\/?$/, '') + '-report.pdf' : '');
  // Signed unless the investigator says otherwise: an unsigned report cannot be verified by whoever receives it.
  const [signing, setSigning] = useState<Signing>({ kind: 'identity', id: '' });

  const uids = identities.split(/[\s,]+/).filter(Boolean);
  const signingReady =
    signing.kind === 'none' || (signing.kind === 'identity' ? !!signing.id : !!signing.path && !!signing.passphrase);
  const ready = !!investigator.trim() && !!out.trim() && sections.size > 0 && signingReady;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    void start({
      out: out.trim(),
      paper,
      investigator: investigator.trim(),
      ...(organization.trim() ? { organization: organization.trim() } : {}),
      ...(uids.length ? { actor_uids: uids } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      confirmed_only: confirmedOnly,
      sections: REPORT_SECTIONS.filter((s) => sections.has(s)),
      sign: signing,
    });
  };

  const toggle = (s: string) =>
    setSections((prev) => {
      const next = new Set(prev);
      if (!next.delete(s)) next.add(s);
      return next;
    });

  return (
    <section className="report-dialog" role="dialog" aria-label="Audit report" data-testid="report-dialog">
      <header>
        <h2>Audit report (PDF)</h2>
        <button type="button" className="btn-ghost" onClick={props.onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {job.state === 'done' ? (
        <div className="report-result" data-testid="report-result">
          <p>
            <strong>Written</strong> <span className="mono">{job.result.out}</span>
          </p>
          <dl className="fields">
            <dt>Pages</dt>
            <dd>{job.result.pages}</dd>
            <dt>Findings</dt>
            <dd>
              {job.result.findings} ({job.result.charts} with a timeline)
            </dd>
            <dt>SHA-256</dt>
            <dd className="mono">{job.result.sha256}</dd>
            <dt>Signed</dt>
            <dd>{job.result.signer ? `${job.result.signer.name} (PAdES B-B)` : 'no'}</dd>
            <dt>Took</dt>
            <dd>{job.result.seconds.toFixed(1)} s</dd>
          </dl>
          <p className="muted">The file’s SHA-256 is recorded in the custody log.</p>
          <button type="button" className="btn-primary" onClick={() => props.onVerify(job.result.out)}>
            Verify it
          </button>{' '}
          {conn.showInFolder && (
            <>
              <button type="button" className="btn-ghost" onClick={() => conn.showInFolder?.(job.result.out)}>
                Show in folder
              </button>{' '}
            </>
          )}
          <button type="button" className="btn-ghost" onClick={reset}>
            Another report
          </button>
        </div>
      ) : (
        <form onSubmit={submit} className="report-form">
          <fieldset>
            <legend>Investigator</legend>
            <input
              placeholder="Name"
              aria-label="Investigator name"
              value={investigator}
              onChange={(e) => setInvestigator(e.target.value)}
            />
            <input
              placeholder="Organization"
              aria-label="Organization"
              value={organization}
              onChange={(e) => setOrganization(e.target.value)}
            />
          </fieldset>
          <fieldset>
            <legend>Scope</legend>
            <input
              className="mono"
              placeholder="identities (actor ids, blank for all)"
              aria-label="Identities in scope"
              value={identities}
              onChange={(e) => setIdentities(e.target.value)}
            />
            <div className="report-row">
              <input
                placeholder="from (ISO time)"
                aria-label="From"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
              <input placeholder="to (ISO time)" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
            <label>
              <input type="checkbox" checked={confirmedOnly} onChange={(e) => setConfirmedOnly(e.target.checked)} />{' '}
              Confirmed findings only
            </label>
          </fieldset>
          <fieldset className="report-sections">
            <legend>Sections</legend>
            {REPORT_SECTIONS.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={sections.has(s)} onChange={() => toggle(s)} /> {SECTION_LABELS[s]}
              </label>
            ))}
          </fieldset>
          <SigningChoice
            value={signing}
            onChange={setSigning}
            investigator={investigator}
            organization={organization}
          />
          <fieldset>
            <legend>Output</legend>
            <div className="report-row">
              <input className="mono" aria-label="Report file" value={out} onChange={(e) => setOut(e.target.value)} />
              <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)} aria-label="Paper">
                {PAPERS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </div>
          </fieldset>
          {job.state === 'running' && (
            <div className="report-progress">
              <ProgressBar
                fraction={job.progress?.total ? job.progress.done / job.progress.total : null}
                label="Report progress"
              />
              <span className="muted">
                {job.progress?.phase ?? 'starting'} {job.progress?.message}
              </span>{' '}
              <button type="button" className="btn-ghost" onClick={cancel}>
                Cancel
              </button>
            </div>
          )}
          {job.state === 'failed' && <p className="report-problem">{job.message}</p>}
          <button
            type="submit"
            className="btn-primary"
            disabled={!ready || job.state === 'running'}
            data-testid="report-start"
          >
            Build report
          </button>
        </form>
      )}
    </section>
  );
}
