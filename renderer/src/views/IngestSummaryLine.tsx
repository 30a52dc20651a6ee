import type { IngestSummary } from '../../../shared/model';
import { count } from '../format/numbers';

const SKIPPED_SHOWN = 3;

export function IngestSummaryLine({ summary }: { summary: IngestSummary }) {
  const skipped = summary.files.filter((f) => f.skipped_reason);
  return (
    <>
      <div className="ingest-summary" data-testid="ingest-summary">
        <span>
          <b>{count(summary.files.length)}</b> files
        </span>
        <span>
          <b>{count(summary.records)}</b> records
        </span>
        <span>
          <b>{count(summary.loaded)}</b> loaded
        </span>
        <span className={summary.quarantined > 0 ? 'warn' : undefined}>
          <b>{count(summary.quarantined)}</b> quarantined
        </span>
        <span>
          <b>{count(summary.identities)}</b> identities
        </span>
        {skipped.length > 0 && (
          <span className="warn">
            <b>{count(skipped.length)}</b> skipped
          </span>
        )}
      </div>
      {skipped.length > 0 && (
        <ul className="ingest-skipped" title={skipped.map((f) => `${f.path}: ${f.skipped_reason}`).join('\n')}>
          {skipped.slice(0, SKIPPED_SHOWN).map((f) => (
            <li key={f.path}>
              <span className="mono">{f.path}</span> — {f.skipped_reason}
            </li>
          ))}
          {skipped.length > SKIPPED_SHOWN && (
            <li className="muted">and {count(skipped.length - SKIPPED_SHOWN)} more</li>
          )}
        </ul>
      )}
    </>
  );
}
