import type { StoreApi } from 'zustand/vanilla';
import type { TrailmarkConnection } from '../../../shared/client';
import type { AppState } from './app-state';
/** Each slice gets the whole store (slices call each other's actions) and the connection to the app's API. */
export type SliceCreator<S> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState'], conn: TrailmarkConnection) => S;
