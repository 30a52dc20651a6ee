import type { LineageGraph, LineageGraphEdge } from '../../../../shared/methods/lineage';
import { count } from '../../format/numbers';
import { isoUtc } from '../../format/time';
import { useApp } from '../../store/store-context';
import { soleKey } from './graph-model';
import { KIND_LABEL } from '../identity/LineagePanel';

/**
 * One hop's evidence: what joined its two ends (and how sure), the issuing records and first uses (each opens the
 * event), and one click to every call made with what it issued.
 */
export function EdgeEvidence(p: { graph: LineageGraph; edge: LineageGraphEdge; onClose: () => void }) {
  const e = p.edge;
  const go = useApp((s) => s.go);
  const selectEvent = useApp((s) => s.selectEvent);
  const name = (uid: string | null) =>
    uid === null ? 'no identity seen using it' : (p.graph.nodes.find((n) => n.actor_uid === uid)?.name ?? uid);
  const key = soleKey(e);
  const events = (label: string, uids: string[], testId: string) =>
    uids.length > 0 && (
      <div className="lg-evidence-row">
        <span className="muted">{label}</span>
        {uids.map((uid) => (
          <button
            key={uid}
            type="button"
            className="link mono"
            data-testid={testId}
            title="open this event"
            onClick={() => void selectEvent(uid)}
          >
            {uid.slice(0, 12)}
          </button>
        ))}
      </div>
    );
  return (
    <section className="lg-evidence" data-testid="graph-edge-evidence" data-kind={e.kind} aria-label="Hop evidence">
      <div className="lg-evidence-head">
        <strong>{KIND_LABEL[e.kind]}</strong>
        <span>
          {name(e.parent_uid)} → {name(e.child_uid)}
        </span>
        <span className="spacer" />
        <button type="button" className="btn-ghost" onClick={p.onClose} aria-label="Close the hop's evidence">
          Close
        </button>
      </div>
      <p className="lg-evidence-why">
        {count(e.issuances)} issued {isoUtc(e.first_issued)}
        {e.last_issued !== e.first_issued ? ` → ${isoUtc(e.last_issued)}` : ''}; {count(e.use_count)}{' '}
        {e.use_count === 1 ? 'call' : 'calls'}
        {e.first_use ? ` from ${isoUtc(e.first_use)} to ${isoUtc(e.last_use)}` : ''}. Matched on: {e.matched}
        {e.confidence < 1 ? ` (confidence ${e.confidence})` : ''}.
      </p>
      {e.credentials.length > 0 && (
        <div className="lg-evidence-row">
          <span className="muted">{e.credentials.length === 1 ? 'key' : 'keys'}</span>
          <span className="mono">{e.credentials.join(' ')}</span>
        </div>
      )}
      {events('issued by', e.issue_event_uids, 'graph-issue-event')}
      {events('first used in', e.first_use_event_uids, 'graph-first-use-event')}
      {e.child_uid && e.use_count > 0 && (
        <div className="lg-evidence-row">
          {key ? (
            <button
              type="button"
              data-testid="graph-edge-calls"
              onClick={() => go({ view: 'identity', actor: e.child_uid, filter: { text: key } })}
            >
              Every call made with {key} ({count(e.use_count)})
            </button>
          ) : (
            <button
              type="button"
              data-testid="graph-edge-calls"
              onClick={() =>
                go({ view: 'identity', actor: e.child_uid, filter: { from: e.first_issued ?? undefined } })
              }
            >
              The calls of {name(e.child_uid)} from {isoUtc(e.first_issued)}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
