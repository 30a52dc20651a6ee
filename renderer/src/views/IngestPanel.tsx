import { resultOf } from '../../../shared/jobs';
import type { JobKind } from '../../../shared/model';
import { progressAmount, progressFraction } from '../format/numbers';
import { useApp } from '../store/store-context';
import { IngestSummaryLine } from './IngestSummaryLine';
import { ProgressBar } from './ProgressBar';

/** What the panel calls a running job, and one that ended (the upgrade of an older case shows here too). */
const TITLES: Partial<Record<JobKind, [string, string]>> = {
  upgrade: ['Upgrading this case from an older Trailmark', 'Upgrade'],
};

/**
 * The running ingest or upgrade (phase, a real progress bar, the current file or step, Cancel), then its summary or
 * its error.
 */
export function IngestPanel() {
  const job = useApp((s) => s.job);
  const end = useApp((s) => s.jobEnd);
  const cancel = useApp((s) => s.cancelJob);
  const clear = useApp((s) => s.clearJob);
  if (!job) return null;
  const summary = end && (resultOf(end, 'ingest') ?? resultOf(end, 'demo'));
  const upgraded = end && resultOf(end, 'upgrade');
  const [runningTitle, endTitle] = TITLES[job.kind] ?? ['Ingesting evidence', 'Ingest'];

  const running = job.state === 'running';
  // Done fills the bar; cancelled and failed show where they stopped.
  const fraction = job.state === 'done' ? 1 : progressFraction(job);
  return (
    <section
      className={`ingest-panel ingest-${job.state}`}
      data-testid="ingest-progress"
      data-state={job.state}
      aria-live="polite"
    >
      <div className="ingest-head">
        <span className="ingest-title">{running ? runningTitle : `${endTitle} ${job.state}`}</span>
        <span className="ingest-phase">{job.phase}</span>
        {running && <span className="ingest-amount mono">{progressAmount(job)}</span>}
        <span className="spacer" />
        {running ? (
          <button type="button" data-testid="ingest-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" className="btn-ghost" onClick={clear}>
            Dismiss
          </button>
        )}
      </div>
      <ProgressBar fraction={fraction} label={`${job.phase}: ${progressAmount(job)}`} tone={job.state} />
      {running && job.message && (
        <div className="ingest-message mono" title={job.message}>
          {job.message}
        </div>
      )}
      {summary && <IngestSummaryLine summary={summary} />}
      {upgraded && (
        <div className="muted" data-testid="upgrade-summary">
          {upgraded.targets_filled.toLocaleString('en-US')} events given their request targets
          {upgraded.error_messages_filled > 0
            ? `; ${upgraded.error_messages_filled.toLocaleString('en-US')} failed calls given their error messages`
            : ''}
          {upgraded.lineage_edges === null
            ? ''
            : `; lineage built (${upgraded.lineage_edges.toLocaleString('en-US')} links)`}
        </div>
      )}
      {end?.error && (
        <div className="ingest-error" data-testid="ingest-error">
          {end.error.message}
        </div>
      )}
      {!running && !end && <div className="muted">Reading the result…</div>}
    </section>
  );
}
