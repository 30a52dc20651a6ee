import type { Identity } from '../../../../shared/model';
import { count } from '../../format/numbers';
import { compactUtc } from '../../format/time';
import { CategoryBadge } from '../CategoryBadge';

/** The identity the events are filtered to, with the classifier's full reason. */
export function SelectedIdentity(props: { identity: Identity; onClear(): void }) {
  const i = props.identity;
  const facts = [
    i.kind,
    i.source,
    i.account_uid ? `account ${i.account_uid}` : null,
    `${count(i.event_count)} events`,
    `${compactUtc(i.first_seen)} – ${compactUtc(i.last_seen)} UTC`,
  ].filter((f): f is string => f !== null);
  return (
    <div className="selected-identity" data-testid="selected-identity" data-actor={i.actor_uid}>
      <div className="selected-identity-line">
        <CategoryBadge category={i.category} reason={i.reason} overridden={i.overridden} />
        <span className="selected-identity-name">{i.display_name}</span>
        <span className="selected-identity-facts">{facts.join(' · ')}</span>
        <span className="spacer" />
        <button type="button" className="btn-ghost" onClick={props.onClear} title="Show every identity's events">
          Clear
        </button>
      </div>
      <div className="selected-identity-uid mono">{i.actor_uid}</div>
      <div className="selected-identity-reason">
        <span className="label">
          Why {i.category}
          {i.overridden ? ' (set by the investigator)' : ''}:
        </span>{' '}
        {i.reason}
      </div>
    </div>
  );
}
