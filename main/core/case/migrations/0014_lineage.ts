/**
 * Identity lineage: one row per hop from an identity to a credential or identity it obtained, issued or created, and
 * the use made of it. Rebuilt over the whole case after every ingest (identity/lineage.ts), since an issuance and its
 * use may come from different files and ingests.
 * - kind: what the hop is (sts_session, role_chain, oidc_federation, irsa, web_identity, saml_federation,
 *   session_token, federation_token, access_key, created_user, created_role, login_profile, k8s_token,
 *   k8s_impersonation);
 * - parent_uid: the identity that obtained, issued or created it; child_uid: the identity that then acted with it;
 * - credential_uid: the key (ASIA…, AKIA…) when the hop is a credential;
 * - issue_event_uid / first_use_event_uid: the two ends' evidence; use_count: the calls made with it;
 * - confidence (0..1) and matched: the fields that joined the two ends, as a sentence that can be defended.
 */
export const sql = `
CREATE TABLE lineage_edges (
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  parent_uid VARCHAR NOT NULL,
  child_uid VARCHAR,
  credential_uid VARCHAR,
  issue_event_uid VARCHAR NOT NULL,
  issued_at TIMESTAMPTZ,
  first_use_event_uid VARCHAR,
  first_use TIMESTAMPTZ,
  last_use TIMESTAMPTZ,
  use_count BIGINT NOT NULL,
  confidence DOUBLE NOT NULL,
  matched VARCHAR NOT NULL
);
`;
