import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { TrailmarkConnection } from '../../../shared/client';
import type { AppState } from './app-state';
import type { AppStore } from './create-store';

const StoreContext = createContext<{ store: AppStore; conn: TrailmarkConnection } | null>(null);

export function StoreProvider(props: { store: AppStore; conn: TrailmarkConnection; children: ReactNode }) {
  return <StoreContext value={{ store: props.store, conn: props.conn }}>{props.children}</StoreContext>;
}

function useProvided() {
  const value = useContext(StoreContext);
  if (!value) throw new Error('StoreProvider is missing above this component');
  return value;
}

/** Select a slice of the app state; re-renders only when the selected value changes (Object.is). */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useProvided().store, selector);
}

/** The store itself, for effects that read it outside React's render (global keys). */
export function useAppStore(): AppStore {
  return useProvided().store;
}

/** The shell the window runs in, for the few controls that differ (native dialogs vs path fields). */
export function useConnection(): TrailmarkConnection {
  return useProvided().conn;
}
