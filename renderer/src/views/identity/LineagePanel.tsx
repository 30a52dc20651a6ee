import type { LineageLink } from '../../../../shared/methods/lineage';
import { count } from '../../format/numbers';
import { dayUtc, isoUtc } from '../../format/time';
import { useApi } from '../../hooks/use-api';
import { useApp, useConnection } from '../../store/store-context';
import { ShowSqlButton } from '../ShowSqlButton';

/** Each kind of lineage hop as the investigator reads it (the lineage graph labels its hops with it too). */
export const KIND_LABEL: Record<LineageLink['kind'], string> = {
  sts_session: 'assumed role',
  role_chain: 'role chaining',
  oidc_federation: 'GitHub OIDC',
  oidc_workflow_run: 'workflow run',
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
  entra_credential: 'app credential added',
  entra_consent: 'consent',
  entra_token: 'Entra token',
  github_token: 'GitHub token',
  github_app_install: 'app installed',
  github_deploy_key: 'deploy key',
  vault_login: 'Vault login',
  vault_token: 'Vault child token',
  vault_aws_creds: 'Vault AWS lease',
  gcp_sa_key: 'service account key',
  gcp_impersonation: 'SA impersonation',
  gcp_delegation: 'SA delegation',
  gke_workload_identity: 'GKE Workload Identity',
};

/**
 * Lineage: who or what obtained this identity's credentials (parents) and the keys, sessions and identities it
 * issued or created (children), two hops each way. Each link opens the other identity, its issuing record, or the
 * calls made with the key it issued.
 */
export function LineagePanel(p: { actor: string; version: string }) {
  const conn = useConnection();
  const go = useApp((s) => s.go);
  const selectEvent = useApp((s) => s.selectEvent);
  const links = useApi(`${p.actor}|${p.version}`, () =>
    conn.api.identityLineage({ actor_uid: p.actor, depth: 2, limit: 200 }),
  );
  const row = (l: LineageLink) => {
    const parent = l.direction === 'parent';
    const other = parent ? l.parent_uid : l.child_uid;
    const otherName = parent ? l.parent_name : l.child_name;
    const key = l.credentials.length === 1 ? l.credentials[0] : null;
    return (
      <li
        key={`${l.direction}|${l.kind}|${l.parent_uid}|${l.child_uid}`}
        className={`lineage-link depth-${l.depth}`}
        data-testid="lineage-link"
        data-kind={l.kind}
        data-direction={l.direction}
        data-other={other ?? ''}
        title={`${l.matched}\nconfidence ${l.confidence}\nissued ${isoUtc(l.first_issued)} → ${isoUtc(l.last_issued)}`}
      >
        {l.depth > 1 && <span className="muted">{'↳ '.repeat(l.depth - 1)}</span>}
        <span className="lineage-kind">{KIND_LABEL[l.kind]}</span> {parent ? 'from ' : 'to '}
        {other ? (
          <button
            type="button"
            className="link mono"
            data-testid="lineage-other"
            onClick={() => go({ view: 'identity', actor: other, filter: {} })}
          >
            {otherName ?? other}
          </button>
        ) : (
          <span className="muted">unknown</span>
        )}{' '}
        <span className="muted">
          {l.issuances > 1 ? `${count(l.issuances)}× ` : ''}
          {dayUtc(l.first_issued)}, {count(l.use_count)} {l.use_count === 1 ? 'call' : 'calls'}
          {l.confidence < 1 ? `, confidence ${l.confidence}` : ''}
        </span>{' '}
        {l.issue_event_uids[0] && (
          <button
            type="button"
            className="link"
            data-testid="lineage-issue"
            onClick={() => void selectEvent(l.issue_event_uids[0]!)}
          >
            record
          </button>
        )}
        {key && l.child_uid && l.use_count > 0 && (
          <>
            {' · '}
            <button
              type="button"
              className="link mono"
              data-testid="lineage-uses"
              title={`every call made with ${key}`}
              onClick={() => go({ view: 'identity', actor: l.child_uid, filter: { text: key } })}
            >
              calls with {key}
            </button>
          </>
        )}
      </li>
    );
  };
  const parents = links.data?.filter((l) => l.direction === 'parent') ?? [];
  const children = links.data?.filter((l) => l.direction === 'child') ?? [];
  return (
    <section className="top-panel lineage-panel" data-testid="lineage-panel" aria-label="Lineage">
      <h3>
        Lineage{' '}
        {!!links.data?.length && (
          <button
            type="button"
            className="link"
            data-testid="lineage-show-graph"
            title="The chains through this identity as a graph, three hops each way"
            onClick={() => go({ view: 'lineage', actor: p.actor, graph: {} })}
          >
            show as a graph
          </button>
        )}{' '}
        <ShowSqlButton
          what="this identity's lineage"
          testId="lineage-show-sql"
          target={{ view: 'lineage', actor_uid: p.actor, depth: 2, limit: 200 }}
        />
      </h3>
      {links.error ? (
        <div className="muted">{links.error}</div>
      ) : !links.data ? (
        <div className="muted">Loading…</div>
      ) : links.data.length === 0 ? (
        <div className="muted">No issuance or creation recorded for this identity</div>
      ) : (
        <>
          <h4>Obtained from</h4>
          {parents.length ? <ul data-testid="lineage-parents">{parents.map(row)}</ul> : <div className="muted">—</div>}
          <h4>Issued or created</h4>
          {children.length ? (
            <ul data-testid="lineage-children">{children.map(row)}</ul>
          ) : (
            <div className="muted">—</div>
          )}
        </>
      )}
    </section>
  );
}
