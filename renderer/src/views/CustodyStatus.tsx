import type { CustodyStatus as Custody } from '../../../shared/model';
import { count } from '../format/numbers';

/** The hash-chained custody log: quiet when intact, impossible to miss when broken. */
export function CustodyStatus({ custody }: { custody: Custody }) {
  if (custody.ok) {
    return (
      <span
        className="custody custody-ok"
        data-testid="custody-status"
        data-ok="true"
        title={`Custody log intact: ${custody.entries} entries, head ${custody.head ?? '—'}`}
      >
        Custody ok · {count(custody.entries)} entries
      </span>
    );
  }
  return (
    <span className="custody custody-broken" data-testid="custody-status" data-ok="false" role="alert">
      CUSTODY BROKEN: {custody.problem ?? 'the custody log does not verify'}
    </span>
  );
}
