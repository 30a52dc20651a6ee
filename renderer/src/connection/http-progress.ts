import { PROGRESS_ROUTE } from '../../../shared/api';
import type { ProgressListener } from '../../../shared/client';
import type { JobProgress } from '../../../shared/model';

/**
 * Job progress from the host as server-sent events (`data: <JobProgress JSON>`). One EventSource is shared by all
 * listeners and closed when the last one leaves; EventSource reconnects by itself if the stream drops.
 */
export function httpProgress(): (listener: ProgressListener) => () => void {
  const listeners = new Set<ProgressListener>();
  let source: EventSource | null = null;

  const dispatch = (ev: MessageEvent<string>) => {
    let progress: JobProgress;
    try {
      progress = JSON.parse(ev.data) as JobProgress;
    } catch {
      return; // keep-alive comments and malformed lines carry no progress
    }
    if (typeof progress?.job !== 'string') return;
    for (const l of listeners) l(progress);
  };

  return (listener) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource(PROGRESS_ROUTE);
      source.onmessage = dispatch;
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}
