import { z } from 'zod';
import { method } from './define';

export const LineageKind = z.enum([
  'sts_session',
  'role_chain',
  'oidc_federation',
  'irsa',
  'web_identity',
  'saml_federation',
  'session_token',
  'federation_token',
  'access_key',
  'created_user',
  'created_role',
  'login_profile',
  'k8s_token',
  'k8s_impersonation',
  'entra_credential',
  'entra_consent',
  'entra_token',
  'github_token',
  'github_app_install',
  'github_deploy_key',
  'vault_login',
  'vault_token',
  'vault_aws_creds',
  'gcp_sa_key',
  'gcp_impersonation',
  'gcp_delegation',
  'gke_workload_identity',
]);
export type LineageKind = z.infer<typeof LineageKind>;

/**
 * A hop between two identities, all its issuances together (a role assumed by a service 10,000 times is one link):
 * `parent` links lead to who or what obtained the identity's credentials, `child` links to what it issued or created.
 * depth 1 touches the identity asked about; depth 2 one identity further, and so on.
 */
export const LineageLink = z.object({
  direction: z.enum(['parent', 'child']),
  depth: z.number(),
  kind: LineageKind,
  source: z.string(),
  parent_uid: z.string(),
  parent_name: z.string().nullable(),
  child_uid: z.string().nullable(),
  child_name: z.string().nullable(),
  issuances: z.number(),
  first_issued: z.string().nullable(),
  last_issued: z.string().nullable(),
  /** The keys issued (first 20, oldest first). */
  credentials: z.array(z.string()),
  /** Evidence: the issuing events and the first use of each (first 20 each, oldest issuance first). */
  issue_event_uids: z.array(z.string()),
  first_use_event_uids: z.array(z.string()),
  use_count: z.number(),
  first_use: z.string().nullable(),
  last_use: z.string().nullable(),
  /** The lowest confidence among its issuances (0..1), with the fields that matched for the first one. */
  confidence: z.number(),
  matched: z.string(),
});
export type LineageLink = z.infer<typeof LineageLink>;

/** The lineage methods of the API table (spread into `api` in shared/api.ts). */
export const lineageMethods = {
  identityLineage: method({
    summary:
      "Who or what obtained an identity's credentials (parents) and the keys, sessions and identities it issued or created (children), each link with its evidence events",
    params: z.object({
      actor_uid: z.string().min(1),
      depth: z.number().int().min(1).max(6).default(2),
      limit: z.number().int().min(1).max(2000).default(500),
    }),
    result: z.array(LineageLink),
  }),
} as const;
