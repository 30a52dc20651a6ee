import type { Identity } from '../../../../shared/model';
import { count } from '../../format/numbers';
import { compactUtc, dayRangeUtc } from '../../format/time';
import { CategoryBadge } from '../CategoryBadge';

export function IdentityRow({ identity: i }: { identity: Identity }) {
  return (
    <>
      <div className="identity-line">
        <span className="identity-name" title={i.actor_uid}>
          {i.display_name}
        </span>
        <CategoryBadge category={i.category} reason={i.reason} overridden={i.overridden} />
      </div>
      <div className="identity-meta">
        <span className="identity-kind">{i.kind}</span>
        {i.account_uid && <span className="mono identity-account">{i.account_uid}</span>}
        <span className="num">{count(i.event_count)} ev</span>
        <span
          className="identity-seen mono"
          title={`first seen ${compactUtc(i.first_seen)} UTC\nlast seen ${compactUtc(i.last_seen)} UTC`}
        >
          {dayRangeUtc(i.first_seen, i.last_seen)}
        </span>
      </div>
    </>
  );
}
