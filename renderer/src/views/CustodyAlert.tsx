import type { CustodyStatus } from '../../../shared/model';

/** A broken custody chain undermines everything shown below it: say so across the whole window. */
export function CustodyAlert({ custody }: { custody: CustodyStatus }) {
  if (custody.ok) return null;
  return (
    <div className="custody-alert" role="alert" data-testid="custody-alert">
      <strong>Chain of custody broken.</strong> {custody.problem ?? 'The custody log does not verify.'} The case may
      have been changed outside Trailmark; treat what it shows as unverified until this is explained.
    </div>
  );
}
