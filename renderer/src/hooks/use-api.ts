import { useEffect, useState } from 'react';
import { latestRequest } from '../store/latest';
import { useApp } from '../store/store-context';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Calls the API when `key` changes and keeps the latest answer; an answer to an older key is dropped, so a
 * quick brush or filter change never shows stale figures. Every call also re-runs when the case's data version
 * changes (an ingest, an analysis, a decision, a flag), so no view keeps figures from before the change.
 */
export function useApi<T>(key: string, call: () => Promise<T>, enabled = true): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: enabled });
  const dataVersion = useApp((s) => s.dataVersion);
  const [latest] = useState(latestRequest);
  useEffect(() => {
    if (!enabled) return;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    latest.then(
      call(),
      (data) => setState({ data, error: null, loading: false }),
      (err) => setState({ data: null, error: err instanceof Error ? err.message : String(err), loading: false }),
    );
    return latest.drop;
    // `call` is a fresh closure each render; `key` and the data version say when its inputs changed.
  }, [key, enabled, dataVersion, latest]);
  return state;
}
