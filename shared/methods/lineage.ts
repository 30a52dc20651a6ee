import { z } from 'zod';
import { Category, SeverityLevel } from '../model';
import { method } from './define';

export const LineageKind = z.enum([
  'sts_session',
  'role_chain',
  'oidc_federation',
  'oidc_workflow_run',
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

/** One identity of a lineage graph: who it is, how far from the root, and whether a finding is open on it. */
export const LineageGraphNode = z.object({
  actor_uid: z.string(),
  /** Its display name; null when no record of its own is in the case (known only from an issuance). */
  name: z.string().nullable(),
  category: Category.nullable(),
  kind: z.string().nullable(),
  account_uid: z.string().nullable(),
  /** Hops from the root (0 for the root itself), the shortest way up or down. */
  hops: z.number(),
  /** Reached going up (it obtained credentials the chain used) and/or down (the chain issued or created it). */
  up: z.boolean(),
  down: z.boolean(),
  /** Findings on it not dismissed, and the strongest one's severity. */
  findings: z.number(),
  max_severity: SeverityLevel.nullable(),
});
export type LineageGraphNode = z.infer<typeof LineageGraphNode>;

/** A hop of the graph: every issuance of one kind from one identity to another, with its evidence. */
export const LineageGraphEdge = LineageLink.omit({ direction: true, depth: true, parent_name: true, child_name: true });
export type LineageGraphEdge = z.infer<typeof LineageGraphEdge>;

/** The chains through one identity (or a finding's identity), up and down to a depth, capped at a node count. */
export const LineageGraph = z.object({
  root: z.string(),
  finding: z
    .object({ id: z.string(), title: z.string(), start: z.string().nullable(), end: z.string().nullable() })
    .nullable(),
  /** The root's own links were kept only where active (issued to last use) in this window: the finding's. */
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Issuances to or by the root that the window left out (0 without a window). */
  outside_window: z.number(),
  depth: z.number(),
  nodes: z.array(LineageGraphNode),
  edges: z.array(LineageGraphEdge),
  /** Identities the walk reached; when over max_nodes, the nearest (then the most used) were kept and capped is set. */
  reached: z.number(),
  max_nodes: z.number(),
  capped: z.boolean(),
});
export type LineageGraph = z.infer<typeof LineageGraph>;

export const LineageGraphQuery = z
  .object({
    /** The root identity; or */
    actor_uid: z.string().min(1).optional(),
    /** a finding: its identity is the root, and the root's links are those active in the finding's window. */
    finding: z.string().min(1).max(100).optional(),
    /** With a finding: every link of its identity, not only those of its window. */
    all_time: z.boolean().default(false),
    depth: z.number().int().min(1).max(6).default(3),
    max_nodes: z.number().int().min(2).max(500).default(60),
  })
  .refine((q) => (q.actor_uid === undefined) !== (q.finding === undefined), {
    message: 'give either actor_uid or finding',
  });
export type LineageGraphQuery = z.output<typeof LineageGraphQuery>;

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
  lineageGraph: method({
    summary:
      "The chains around a finding or an identity: every identity within depth hops up (who obtained its credentials) and down (what it issued or created), and each hop's evidence events",
    params: LineageGraphQuery,
    result: LineageGraph,
  }),
} as const;
