import { resultOf } from '../../../shared/jobs';
import { progressAmount, progressFraction } from '../format/numbers';
import { useApp } from '../store/store-context';
import { IngestSummaryLine } from './IngestSummaryLine';
import { ProgressBar } from './ProgressBar';

/** The running ingest (phase, a real progress bar, the current file, Cancel), then its summary or its error. */
export function IngestPanel() {
  const job = useApp((s) => s.job);
  const end = useApp((s) => s.jobEnd);
  const cancel = useApp((s) => s.cancelJob);
  const clear = useApp((s) => s.clearJob);
  if (!job) return null;
  const summary = end && (resultOf(end, 'ingest') ?? resultOf(end, 'demo'));

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
        <span className="ingest-title">{running ? 'Ingesting evidence' : `Ingest ${job.state}`}</span>
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
      {end?.error && (
        <div className="ingest-error" data-testid="ingest-error">
          {end.error.message}
        </div>
      )}
      {!running && !end && <div className="muted">Reading the result…</div>}
    </section>
  );
}
