import type { analysisMethods } from '../../../shared/methods/analysis';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/analysis.ts. */
export function analysisHandlers(_session: Session): HandlersFor<typeof analysisMethods> {
  return {};
}
