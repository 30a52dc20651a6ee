import type { CaseSlice } from './case-slice';
import type { ErrorSlice } from './error-slice';
import type { EventDetailSlice } from './event-detail-slice';
import type { EventSlice } from './event-slice';
import type { ExplorerSlice } from './explorer-slice';
import type { FindingsSlice } from './findings-slice';
import type { IdentitySlice } from './identity-slice';
import type { JobSlice } from './job-slice';
import type { NavSlice } from './nav-slice';
import type { UiSlice } from './ui-slice';

export type AppState = CaseSlice &
  NavSlice &
  IdentitySlice &
  ExplorerSlice &
  EventSlice &
  EventDetailSlice &
  JobSlice &
  FindingsSlice &
  ErrorSlice &
  UiSlice;
