import type { workspaceMethods } from '../../../shared/methods/workspace';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/workspace.ts. */
export function workspaceHandlers(_session: Session): HandlersFor<typeof workspaceMethods> {
  return {};
}
