import { z } from 'zod';
import { method } from './define';

const isoTime = z.string();

/** A credential (access key, token, client id) or a session an identity used, from its events. */
export const CredentialRow = z.object({
  kind: z.enum(['access_key', 'temporary_key', 'credential', 'session']),
  id: z.string(),
  /** The identity whose events used it (for a group: which member). */
  actor_uid: z.string(),
  first_seen: isoTime,
  last_seen: isoTime,
  events: z.number(),
  src_ips: z.array(z.string()),
  src_ip_count: z.number(),
  user_agents: z.array(z.string()),
  user_agent_count: z.number(),
});
export type CredentialRow = z.infer<typeof CredentialRow>;

/** A member identity and the group it acted through (a person and an IAM Identity Center permission-set role). */
export const IdentityLink = z.object({
  member_uid: z.string(),
  group_uid: z.string(),
  relation: z.string(),
  first_seen: isoTime.nullable(),
  last_seen: isoTime.nullable(),
  event_count: z.number(),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

/** The identity methods of the API table (spread into `api` in shared/api.ts). */
export const identityMethods = {
  listCredentials: method({
    summary:
      "The credentials and sessions an identity used (a group's: its members'), each with first and last use, events, source addresses and user agents",
    params: z.object({ actor_uid: z.string().min(1), limit: z.number().int().min(1).max(1000).default(100) }),
    result: z.array(CredentialRow),
  }),
  listIdentityLinks: method({
    summary: 'The groups an identity acted through and the members of a group, with their event counts',
    params: z.object({ actor_uid: z.string().min(1) }),
    result: z.array(IdentityLink),
  }),
} as const;
