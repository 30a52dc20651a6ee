import { useEffect, useRef, type ReactNode } from 'react';
import { searchHits } from '../../../shared/text-search';
import type { EventDetail } from '../../../shared/model';
import { parseJsonFirstWins } from '../../../shared/json-first-wins';
import { isoUtc } from '../format/time';
import { useApp } from '../store/store-context';
import { CopyButton } from './CopyButton';
import { JsonTree } from './events/JsonTree';

function prettyRaw(raw: string): string {
  try {
    return JSON.stringify(parseJsonFirstWins(raw), null, 2); // a repeated key shows the value the event used
  } catch {
    return raw; // shown as read, even if it is not JSON
  }
}

/** The raw text with what the search matched marked, as the search rule finds it (shared/text-search.ts). */
function marked(raw: string, search: string | undefined): ReactNode {
  const hits = searchHits(raw, search);
  if (hits.length === 0) return raw;
  const out: ReactNode[] = [];
  let at = 0;
  hits.forEach(([a, b], i) => {
    out.push(raw.slice(at, a), <mark key={i}>{raw.slice(a, b)}</mark>);
    at = b;
  });
  out.push(raw.slice(at));
  return out;
}

function Field(props: { label: string; value: ReactNode; mono?: boolean }) {
  if (props.value === null || props.value === undefined || props.value === '') return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd className={props.mono ? 'mono' : undefined}>{props.value}</dd>
    </>
  );
}

export function EventDetailView({ detail: e }: { detail: EventDetail }) {
  const setFilter = useApp((s) => s.setFilter);
  const go = useApp((s) => s.go);
  const openDialog = useApp((s) => s.openDialog);
  const close = useApp((s) => s.selectEvent);
  const raw = prettyRaw(e.raw);
  const search = useApp((s) => s.nav.filter.text);
  // The first hit of the search scrolls into view when the record opens: the reason it matched.
  const firstHit = useRef<HTMLPreElement>(null);
  useEffect(() => {
    firstHit.current?.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }, [e.event_uid, search]);
  // "What happened around it": the same identity or the same address, 15 minutes either side, every other filter off.
  const around = (by: 'identity' | 'ip') => {
    const t = Date.parse(e.time);
    const window = { from: new Date(t - 15 * 60e3).toISOString(), to: new Date(t + 15 * 60e3).toISOString() };
    if (by === 'identity') go({ view: 'events', actor: e.actor_uid, filter: window });
    else go({ view: 'events', actor: null, filter: { ...window, ip: e.src_ip ?? undefined } });
  };
  return (
    <div className="event-detail" data-testid="event-detail" data-event={e.event_uid} data-ip={e.src_ip ?? undefined}>
      <div className="pane-header">
        <h2 className={e.outcome === 'failure' ? 'failure-text' : undefined}>{e.api_operation ?? 'Event'}</h2>
        <span className="spacer" />
        {e.api_operation && (
          <button
            type="button"
            className="btn-ghost"
            onClick={() => setFilter({ operation: e.api_operation ?? undefined })}
            title="Show only events with this operation"
          >
            Filter operation
          </button>
        )}
        <button
          type="button"
          className="btn-ghost"
          data-testid="flag-event"
          onClick={() =>
            openDialog({
              kind: 'flag',
              target_kind: 'event',
              target_id: e.event_uid,
              label: `${e.api_operation} at ${isoUtc(e.time)}`,
            })
          }
        >
          Flag…
        </button>
        <button
          type="button"
          className="btn-ghost"
          onClick={() => void close(null)}
          aria-label="Close the event detail"
        >
          Close
        </button>
      </div>
      <div className="detail-scroll">
        <dl className="fields">
          <Field label="Time (UTC)" value={isoUtc(e.time)} mono />
          <Field label="Identity" value={e.actor_name} />
          <Field label="Actor UID" value={e.actor_uid} mono />
          <Field label="Operation" value={e.api_operation} />
          <Field label="Service" value={e.api_service} />
          <Field
            label="Outcome"
            value={
              <span className={e.outcome === 'failure' ? 'failure-text' : undefined}>
                {e.outcome}
                {e.error_code ? ` · ${e.error_code}` : ''}
              </span>
            }
          />
          <Field label="Error message" value={e.error_message} />
          <Field label="Source IP" value={e.src_ip} mono />
          <Field label="Region" value={e.region} />
          <Field label="Account" value={e.account_uid} mono />
          <Field label="Targets" value={e.targets?.length ? e.targets.join(', ') : null} mono />
          <Field label="Resource" value={e.resource_uid} mono />
          <Field label="Credential" value={e.credential_uid} mono />
          <Field label="Session" value={e.session_uid} mono />
          <Field label="User agent" value={e.user_agent} mono />
          <Field label="Source" value={e.source} />
          <Field label="Event UID" value={e.event_uid} mono />
        </dl>
        <div className="detail-actions">
          <span className="label">Surrounding events (±15 min):</span>
          {e.actor_uid && (
            <button
              type="button"
              className="btn-ghost"
              data-testid="around-identity"
              onClick={() => around('identity')}
            >
              same identity
            </button>
          )}
          {e.src_ip && (
            <button type="button" className="btn-ghost" data-testid="around-ip" onClick={() => around('ip')}>
              same IP
            </button>
          )}
          {e.actor_uid && (
            <button type="button" className="btn-ghost" onClick={() => go({ view: 'identity', actor: e.actor_uid })}>
              Open identity
            </button>
          )}
        </div>
        <h3>Provenance</h3>
        <dl className="fields">
          <Field label="Evidence" value={e.evidence_path} mono />
          <Field label="Member" value={e.member_path} mono />
          <Field label="Position" value={e.position} mono />
          <Field label="Evidence id" value={String(e.evidence_id)} mono />
        </dl>
        <div className="raw-header">
          <h3>Raw record</h3>
          <CopyButton text={e.raw} label="Copy raw" />
        </div>
        <JsonTree raw={e.raw} />
        <pre className="raw mono" data-testid="event-raw" ref={firstHit}>
          {marked(raw, search)}
        </pre>
      </div>
    </div>
  );
}
