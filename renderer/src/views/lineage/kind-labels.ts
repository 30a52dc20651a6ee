import type { LineageKind } from '../../../../shared/methods/lineage';

/** Each kind of lineage hop as the investigator reads it. */
export const KIND_LABEL: Record<LineageKind, string> = {
  sts_session: 'assumed role',
  role_chain: 'role chaining',
  oidc_federation: 'GitHub OIDC',
  irsa: 'EKS IRSA',
  web_identity: 'web identity',
  saml_federation: 'SAML',
  session_token: 'session token',
  federation_token: 'federation token',
  access_key: 'access key',
  created_user: 'created user',
  created_role: 'created role',
  login_profile: 'console password',
  k8s_token: 'token request',
  k8s_impersonation: 'impersonation',
};
