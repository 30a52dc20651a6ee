import type { reportMethods } from '../../../shared/methods/report';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/report.ts. */
export function reportHandlers(_session: Session): HandlersFor<typeof reportMethods> {
  return {};
}
