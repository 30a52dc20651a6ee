import { useEffect, useState } from 'react';
import type { WsFilter } from '../../store/nav';
import { useApp } from '../../store/store-context';
import { EventSearch } from '../EventSearch';

type TextKey = 'operation' | 'service' | 'target' | 'ip' | 'user_agent' | 'from' | 'to';

const LABELS: Record<keyof WsFilter, string> = {
  operation: 'operation',
  service: 'service',
  outcome: 'outcome',
  ip: 'IP',
  user_agent: 'user agent',
  from: 'from',
  to: 'to',
  text: 'text',
  category: 'category',
  source: 'source',
  target: 'target',
  finding: 'evidence of finding',
};

/** A field that commits on Enter or when it loses focus, and follows the store (back/forward, chips). */
function FilterField(p: { name: TextKey; placeholder: string; width?: number }) {
  const stored = useApp((s) => s.nav.filter[p.name] ?? '');
  const setFilter = useApp((s) => s.setFilter);
  const [text, setText] = useState(stored);
  useEffect(() => setText(stored), [stored]);
  const commit = () => {
    if (text.trim() !== stored) setFilter({ [p.name]: text.trim() || undefined });
  };
  return (
    <input
      type="text"
      className="filter-field mono"
      style={p.width ? { width: p.width } : undefined}
      data-testid={`filter-${p.name}`}
      aria-label={`Filter by ${LABELS[p.name]}`}
      placeholder={p.placeholder}
      spellCheck={false}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') {
          setText(stored);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}

/** The active filters as removable chips, the identity in focus first. */
export function FilterChips() {
  const filter = useApp((s) => s.nav.filter);
  const actor = useApp((s) => s.nav.actor);
  const name = useApp((s) => s.selectedIdentity?.display_name);
  const setFilter = useApp((s) => s.setFilter);
  const go = useApp((s) => s.go);
  const entries = Object.entries(filter) as [keyof WsFilter, string][];
  if (!entries.length && !actor) return null;
  return (
    <div className="filter-chips" data-testid="filter-chips">
      {actor && (
        <span className="chip" data-testid="chip-identity">
          identity = <span className="mono">{name ?? actor}</span>
          <button type="button" aria-label="Remove the identity filter" onClick={() => go({ actor: null })}>
            ×
          </button>
        </span>
      )}
      {entries.map(([k, v]) => (
        <span className="chip" key={k} data-testid={`chip-${k}`}>
          {LABELS[k]} = <span className="mono">{String(v)}</span>
          <button
            type="button"
            aria-label={`Remove the ${LABELS[k]} filter`}
            onClick={() => setFilter({ [k]: undefined })}
          >
            ×
          </button>
        </span>
      ))}
      <button type="button" className="btn-ghost" onClick={() => go({ filter: {}, actor: null })}>
        Clear all
      </button>
    </div>
  );
}

export function FilterBar() {
  const outcome = useApp((s) => s.nav.filter.outcome ?? '');
  const setFilter = useApp((s) => s.setFilter);
  return (
    <div className="filter-bar" role="search" aria-label="Event filters">
      <EventSearch />
      <FilterField name="operation" placeholder="Operation" width={130} />
      <FilterField name="service" placeholder="Service" width={150} />
      <select
        aria-label="Filter by outcome"
        data-testid="filter-outcome"
        value={outcome}
        onChange={(e) => setFilter({ outcome: (e.target.value || undefined) as WsFilter['outcome'] })}
      >
        <option value="">Any outcome</option>
        <option value="success">success</option>
        <option value="failure">failure</option>
        <option value="unknown">unknown</option>
      </select>
      <FilterField name="target" placeholder="Target" width={140} />
      <FilterField name="ip" placeholder="IP or CIDR" width={120} />
      <FilterField name="user_agent" placeholder="User agent contains" width={140} />
      <FilterField name="from" placeholder="From (UTC)" width={150} />
      <FilterField name="to" placeholder="To (UTC)" width={150} />
    </div>
  );
}
