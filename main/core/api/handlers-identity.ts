import type { identityMethods } from '../../../shared/methods/identity';
import { listCredentials, listIdentityLinks } from '../identity/credentials';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/identity.ts. */
export function identityHandlers(session: Session): HandlersFor<typeof identityMethods> {
  const db = () => session.requireCase().db;
  return {
    listCredentials: async ({ actor_uid, limit }) => listCredentials(db(), actor_uid, limit),
    listIdentityLinks: async ({ actor_uid }) => listIdentityLinks(db(), actor_uid),
  };
}
