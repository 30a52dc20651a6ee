import type { CaseSlice } from './case-slice';
import type { ErrorSlice } from './error-slice';
import type { EventDetailSlice } from './event-detail-slice';
import type { EventSlice } from './event-slice';
import type { IdentitySlice } from './identity-slice';
import type { JobSlice } from './job-slice';

export type AppState = CaseSlice & IdentitySlice & EventSlice & EventDetailSlice & JobSlice & ErrorSlice;
