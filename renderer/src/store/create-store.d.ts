import { type StoreApi } from 'zustand/vanilla';
import type { TrailmarkConnection } from '../../../shared/client';
import type { AppState } from './app-state';
export type AppStore = StoreApi<AppState>;
export declare function createAppStore(conn: TrailmarkConnection): AppStore;
