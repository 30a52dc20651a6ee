import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TrailmarkConnection } from '../../../shared/client';
import type { AppState } from './app-state';
import { createCaseSlice } from './case-slice';
import { createErrorSlice } from './error-slice';
import { createEventDetailSlice } from './event-detail-slice';
import { createEventSlice } from './event-slice';
import { createExplorerSlice } from './explorer-slice';
import { createFindingsSlice } from './findings-slice';
import { createIdentitySlice } from './identity-slice';
import { createJobSlice } from './job-slice';
import { wireNavEffects } from './nav-effects';
import { createNavSlice } from './nav-slice';
import { createUiSlice } from './ui-slice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(conn: TrailmarkConnection): AppStore {
  const store = createStore<AppState>()((set, get) => ({
    ...createErrorSlice(set, get, conn),
    ...createCaseSlice(set, get, conn),
    ...createNavSlice(set, get, conn),
    ...createIdentitySlice(set, get, conn),
    ...createExplorerSlice(set, get, conn),
    ...createEventSlice(set, get, conn),
    ...createEventDetailSlice(set, get, conn),
    ...createJobSlice(set, get, conn),
    ...createFindingsSlice(set, get, conn),
    ...createUiSlice(set, get, conn),
  }));
  wireNavEffects(store, conn);
  return store;
}
