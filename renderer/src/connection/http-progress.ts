import { PROGRESS_ROUTE } from '../../../shared/api';
import { TOKEN_HEADER } from '../../../shared/bridge';
import type { ProgressListener } from '../../../shared/client';
import type { JobProgress } from '../../../shared/model';

const RETRY_MS = 1000;

/**
 * Job progress from the host as server-sent events (`data: <JobProgress JSON>`), read with fetch so the request
 * carries the token header (EventSource can send no header, and the host's API takes no cookie). One stream is
 * shared by all listeners and closed when the last one leaves; it is opened again a second after it drops.
 */
export function httpProgress(token: string | null): (listener: ProgressListener) => () => void {
  const listeners = new Set<ProgressListener>();
  let stop: AbortController | null = null;

  const dispatch = (data: string) => {
    let progress: JobProgress;
    try {
      progress = JSON.parse(data) as JobProgress;
    } catch {
      return; // malformed lines carry no progress
    }
    if (typeof progress?.job !== 'string') return;
    for (const l of listeners) l(progress);
  };

  const follow = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        const res = await fetch(PROGRESS_ROUTE, {
          headers: token ? { [TOKEN_HEADER]: token } : {},
          credentials: 'omit',
          signal,
        });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let pending = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += value;
          // Events end with a blank line; each `data:` line of one is its payload (ours are one line each).
          let end: number;
          while ((end = pending.indexOf('\n\n')) !== -1) {
            for (const line of pending.slice(0, end).split('\n'))
              if (line.startsWith('data:')) dispatch(line.slice(5).trimStart());
            pending = pending.slice(end + 2);
          }
        }
      } catch {
        // dropped, refused or aborted: try again below unless stopped
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  };

  return (listener) => {
    listeners.add(listener);
    if (!stop) {
      stop = new AbortController();
      void follow(stop.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stop) {
        stop.abort();
        stop = null;
      }
    };
  };
}
