import { useEffect, useState } from 'react';
import type { TextIndexStatus } from '../../../shared/methods/workspace';
import { useApp, useConnection } from '../store/store-context';

const POLL_MS = 1000;

/** The free-text index's progress, polled once a second until it is ready (again after every change of the case). */
export function useTextIndex(): TextIndexStatus | null {
  const conn = useConnection();
  const events = useApp((s) => s.caseInfo?.events ?? 0);
  const [status, setStatus] = useState<TextIndexStatus | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      conn.api.textIndexStatus({}).then(
        (s) => {
          if (!live) return;
          setStatus(s);
          if (s.state !== 'ready' && s.state !== 'failed') timer = setTimeout(poll, POLL_MS);
        },
        () => live && setStatus(null),
      );
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [conn, events]);
  return status;
}
