import { useState } from 'react';
import type { Finding } from '../../../../shared/model';
import { useApp } from '../../store/store-context';
import { ShowSqlButton } from '../ShowSqlButton';

const HOUR = 3_600_000;

/** The finding's window widened to whole hours with one hour of context either side, for the identity's timeline. */
export function findingWindow(f: Pick<Finding, 'start' | 'end'>): { from?: string; to?: string } {
  if (!f.start || !f.end) return {};
  const from = Math.floor(Date.parse(f.start) / HOUR) * HOUR - HOUR;
  const to = Math.ceil((Date.parse(f.end) + 1) / HOUR) * HOUR + HOUR;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/**
 * One finding: severity, score, who and when, the sentence of why, the way to its evidence (the events, the
 * identity at that time), and the confirm / dismiss decision.
 */
export function FindingCard(props: { finding: Finding; onDecide: (status: Finding['status'], note: string) => void }) {
  const f = props.finding;
  const go = useApp((s) => s.go);
  const [note, setNote] = useState(f.status_note ?? '');
  return (
    <li className={`finding finding-${f.severity}`} data-testid="finding" data-id={f.id} data-status={f.status}>
      <div className="finding-head">
        <span className={`finding-sev sev sev-${f.severity}`} data-testid="finding-severity">
          {f.severity}
        </span>
        <span className="finding-score mono" title="score (0-100)">
          {f.score}
        </span>
        <span className="finding-title">{f.title}</span>
        <span className="spacer" />
        <span className={`finding-status status-${f.status}`}>{f.status}</span>
      </div>
      <div className="finding-meta mono">
        {f.actor_uid ? (
          <button
            type="button"
            className="link mono"
            data-testid="finding-identity"
            title="open this identity: its timeline, events and lineage"
            onClick={() => go({ view: 'identity', actor: f.actor_uid, filter: {} })}
          >
            {f.actor_uid}
          </button>
        ) : (
          '-'
        )}{' '}
        · {f.start?.replace('T', ' ').slice(0, 16)} → {f.end?.replace('T', ' ').slice(0, 16)} UTC ·{' '}
        {f.event_uids.length} events · {f.detectors.join(', ')}
      </div>
      <p className="finding-why">{f.explanation}</p>
      <div className="finding-open">
        <button
          type="button"
          data-testid="finding-show-events"
          onClick={() => go({ view: 'events', actor: f.actor_uid, filter: { finding: f.id } })}
        >
          Show its {f.event_uids.length} events
        </button>
        {f.actor_uid && (
          <button
            type="button"
            data-testid="finding-open-identity"
            onClick={() => go({ view: 'identity', actor: f.actor_uid, filter: findingWindow(f) })}
          >
            Open the identity at that time
          </button>
        )}
        {f.actor_uid && (
          <button
            type="button"
            data-testid="finding-show-chain"
            title="Who obtained this identity's credentials and what it issued or created, in the finding's window"
            onClick={() => go({ view: 'lineage', actor: f.actor_uid, graph: { finding: f.id } })}
          >
            Show its chain
          </button>
        )}
        <ShowSqlButton
          what="this finding's evidence events"
          testId="finding-show-sql"
          target={{ view: 'finding', id: f.id }}
        />
      </div>
      <div className="finding-decide">
        <input
          aria-label="note"
          placeholder="note (why confirmed or dismissed)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="button" disabled={f.status === 'confirmed'} onClick={() => props.onDecide('confirmed', note)}>
          Confirm
        </button>
        <button type="button" disabled={f.status === 'dismissed'} onClick={() => props.onDecide('dismissed', note)}>
          Dismiss
        </button>
        {f.status !== 'new' && (
          <button type="button" onClick={() => props.onDecide('new', note)}>
            Reopen
          </button>
        )}
      </div>
    </li>
  );
}
