import { useEffect, useState } from 'react';
import type { TextIndexStatus } from '../../../shared/methods/workspace';
import { follow } from '../connection/follow-job';
import { useApp, useConnection } from '../store/store-context';

/**
 * The free-text index's progress, followed until it is ready (again after every change of the case). The index is
 * built in the core's background, not as a job, so it has no progress events: it is followed by reading alone.
 */
export function useTextIndex(): TextIndexStatus | null {
  const conn = useConnection();
  const events = useApp((s) => s.caseInfo?.events ?? 0);
  const [status, setStatus] = useState<TextIndexStatus | null>(null);
  useEffect(
    () =>
      follow<TextIndexStatus>({
        read: () => conn.api.textIndexStatus({}),
        ended: (s) => s.state === 'ready' || s.state === 'failed',
        onState: (s) => setStatus(s),
        onError: () => setStatus(null),
      }),
    [conn, events],
  );
  return status;
}
