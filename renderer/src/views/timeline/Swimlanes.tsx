import { useState } from 'react';
import { useApi } from '../../hooks/use-api';
import { MAX_COMPARE } from '../../store/nav';
import { useApp, useConnection } from '../../store/store-context';
import { StackedTimeline } from '../charts/StackedTimeline';

/** One lane per compared identity (at most 5), on the same time axis as the case timeline above. */
function Lane(p: { actor: string; width: number; from: string; to: string }) {
  const conn = useConnection();
  const nav = useApp((s) => s.nav);
  const go = useApp((s) => s.go);
  const filter = { ...nav.filter, from: p.from, to: p.to, actor_uids: [p.actor] };
  const tl = useApi(`${JSON.stringify(filter)}|${p.width}`, () =>
    conn.api.eventTimeline({ filter, buckets: Math.max(10, p.width), stack: 'outcome' }),
  );
  const markers = useApi(`${p.actor}|${p.from}|${p.to}`, () =>
    conn.api.timelineMarkers({ actor_uids: [p.actor], from: p.from, to: p.to }),
  );
  return (
    <div className="lane" data-testid="swimlane" data-actor={p.actor}>
      <div className="lane-head">
        <button type="button" className="link" onClick={() => go({ view: 'identity', actor: p.actor })}>
          {p.actor}
        </button>
        <span className="muted">{tl.data ? `${tl.data.total} events` : '…'}</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn-ghost small"
          aria-label={`Remove ${p.actor} from the comparison`}
          onClick={() => go({ compare: nav.compare.filter((c) => c !== p.actor) })}
        >
          ×
        </button>
      </div>
      {tl.data && (
        <StackedTimeline timeline={tl.data} width={p.width} height={64} markers={markers.data ?? []} legend={false} />
      )}
    </div>
  );
}

export function Swimlanes(p: { width: number; from: string | null; to: string | null }) {
  const compare = useApp((s) => s.nav.compare);
  const go = useApp((s) => s.go);
  const [text, setText] = useState('');
  const add = () => {
    const v = text.trim();
    if (!v || compare.includes(v)) return;
    go({ compare: [...compare, v].slice(-MAX_COMPARE) });
    setText('');
  };
  return (
    <section className="swimlanes" aria-label="Compare identities">
      <div className="toolbar">
        <h3>
          Compare identities ({compare.length}/{MAX_COMPARE})
        </h3>
        <input
          type="text"
          className="mono"
          data-testid="compare-input"
          placeholder="Actor UID (or use Compare on an identity page)"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <button type="button" className="btn-ghost" onClick={add} disabled={compare.length >= MAX_COMPARE}>
          Add
        </button>
      </div>
      {p.from && p.to && p.width > 0
        ? compare.map((a) => <Lane key={a} actor={a} width={p.width} from={p.from!} to={p.to!} />)
        : null}
    </section>
  );
}
