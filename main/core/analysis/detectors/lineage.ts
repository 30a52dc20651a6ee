import type { Duck, Row } from '../../db/duck';
import { list as inList, param, sql } from '../../db/sql';
import { clampScore, list, plural, span, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

/** Hops that leave a credential or identity behind after the session that made it has ended. */
const LASTING = ['access_key', 'created_user', 'created_role', 'login_profile'];
/** Hops that federate a CI job or a workload into a role. */
const FEDERATED = ['oidc_federation', 'irsa', 'web_identity'];

interface PersistRow extends Row {
  child: string;
  parent: string;
  parent_category: string | null;
  kinds: string[];
  credentials: string[];
  issued: string;
  start: string;
  end: string;
  uses: number;
  odd_place: boolean;
  uids: string[];
}

/**
 * Persistence: a credential or identity created in the analysed window (CreateAccessKey, CreateUser, CreateRole,
 * CreateLoginProfile, read from lineage_edges) and then used. The finding is on what was created, with the
 * creation and its uses as evidence. It weighs most when the creator is a machine identity (a CI role or a workload
 * has no business minting long-lived users and keys) or created it from a network or user agent family it never
 * used before the window; a person rotating a key from their usual place stays low.
 */
export const createdCredentialUsed: Detector = {
  name: 'created_credential_used',
  version: 1,
  novelty: false,
  description:
    'a key, user or role created in the analysed window and then used, weighted by who created it and from where',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await db.all<PersistRow>(sql`
      WITH e AS (
        SELECT * FROM lineage_edges
        WHERE kind IN ${inList(LASTING)} AND use_count > 0 AND child_uid IS NOT NULL
          AND issued_at >= ${param(p.baselineUntil)}::TIMESTAMPTZ
      ), placed AS (
        SELECT e.*, t.src_ip,
          -- the creating call from a network or client family the creator never used before the window
          (t.is_ip AND NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = t.actor AND s.kind = 'network' AND s.value = t.net))
          OR (t.ua_family <> '' AND NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = t.actor AND s.kind = 'user agent'
                AND s.value = t.ua_family)) AS odd_place
        FROM e LEFT JOIN tm_ev t ON t.event_uid = e.issue_event_uid
      ), uses AS (
        -- the calls of what was created: with its key for a key, its own calls from its creation on otherwise
        SELECT p.child_uid, p.issue_event_uid, t.event_uid, t.time
        FROM placed p JOIN tm_ev t ON t.recent AND (
          (p.credential_uid IS NOT NULL AND t.credential_uid = p.credential_uid)
          OR (p.credential_uid IS NULL AND t.actor = p.child_uid AND t.time >= p.issued_at
              AND t.event_uid <> p.issue_event_uid))
      )
      SELECT p.child_uid AS child, any_value(p.parent_uid) AS parent, any_value(i.category) AS parent_category,
        list(DISTINCT p.kind ORDER BY p.kind) AS kinds,
        coalesce(list(DISTINCT p.credential_uid ORDER BY p.credential_uid) FILTER (WHERE p.credential_uid IS NOT NULL), []) AS credentials,
        min(p.issued_at) AS issued, min(p.issued_at) AS start,
        greatest(max(p.issued_at), (SELECT max(u.time) FROM uses u WHERE u.child_uid = p.child_uid)) AS "end",
        (SELECT count(DISTINCT u.event_uid) FROM uses u WHERE u.child_uid = p.child_uid) AS uses,
        bool_or(coalesce(p.odd_place, false)) AS odd_place,
        list_distinct(list(p.issue_event_uid ORDER BY p.issued_at)
          || coalesce((SELECT list(u.event_uid ORDER BY u.time) FROM uses u WHERE u.child_uid = p.child_uid), []))[1:500] AS uids
      FROM placed p LEFT JOIN effective_identities i ON i.actor_uid = p.parent_uid
      GROUP BY p.child_uid HAVING uses > 0 ORDER BY start`);
    return rows.map((r) => {
      const machine = r.parent_category === 'machine';
      const score = clampScore(30 + (machine ? 35 : 0) + (r.odd_place ? 25 : 0));
      const what = r.kinds.map((k) => KIND_NOUN[k] ?? k).join(' and ');
      return {
        detector: 'created_credential_used',
        severity: severityOf(score),
        score,
        actor_uid: r.child,
        start: r.start,
        end: r.end,
        title: `Created by ${machine ? 'a machine identity' : 'another identity'} and then used: ${what}`,
        explanation:
          `${r.child} got ${what}${r.credentials.length ? ` (${list(r.credentials)})` : ''} from ${r.parent}` +
          `${machine ? ', a machine identity,' : ''} at ${r.issued}${r.odd_place ? ', from a network or client the creator had not used before' : ''}; ` +
          `then ${plural(r.uses, 'call')} ${span(r.start, r.end)} used it`,
        event_uids: r.uids,
      };
    });
  },
};

const KIND_NOUN: Record<string, string> = {
  access_key: 'an access key',
  created_user: 'its creation as a user',
  created_role: 'its creation as a role',
  login_profile: 'a console password',
};

interface FederationRow extends Row {
  role: string;
  subject: string;
  repo: string | null;
  repo_known: boolean;
  kind: string;
  start: string;
  end: string;
  issuances: number;
  uses: number;
  known: string[];
  uids: string[];
}

/**
 * A role federated from CI or a workload (assumed through AssumeRoleWithWebIdentity before the window) assumed in
 * the window by a subject it never saw before: a GitHub repository (or, weaker, a known repository's other branch
 * or environment), or another Kubernetes service account. A trust policy that checks the audience but not the
 * subject lets any repository in. The finding is on the role; the evidence is the issuance and the calls made with
 * the keys it issued.
 */
export const newFederatedSubject: Detector = {
  name: 'federated_role_new_subject',
  version: 1,
  novelty: true,
  description: 'a CI- or workload-federated role assumed by a repository, branch or service account never seen before',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const until = param(p.baselineUntil);
    const rows = await db.all<FederationRow>(sql`
      WITH f AS (
        SELECT *,
          CASE WHEN kind = 'oidc_federation' THEN split_part(split_part(parent_uid, ':repo:', 2), ':', 1) END AS repo
        FROM lineage_edges WHERE kind IN ${inList(FEDERATED)} AND child_uid IS NOT NULL
      ), base AS (
        SELECT child_uid, list(DISTINCT parent_uid) AS subjects, list(DISTINCT repo) FILTER (WHERE repo IS NOT NULL) AS repos
        FROM f WHERE issued_at < ${until}::TIMESTAMPTZ GROUP BY child_uid
      ), fresh AS (
        SELECT f.* FROM f JOIN base b USING (child_uid)
        WHERE f.issued_at >= ${until}::TIMESTAMPTZ AND NOT list_contains(b.subjects, f.parent_uid)
      ), uses AS (
        SELECT x.child_uid, x.parent_uid, t.event_uid, t.time
        FROM fresh x JOIN tm_ev t ON t.credential_uid = x.credential_uid AND t.recent
      )
      SELECT x.child_uid AS role, x.parent_uid AS subject, any_value(x.kind) AS kind, any_value(x.repo) AS repo,
        coalesce(list_contains(any_value(b.repos), any_value(x.repo)), false) AS repo_known,
        min(x.issued_at) AS start,
        greatest(max(x.issued_at), (SELECT max(u.time) FROM uses u WHERE u.child_uid = x.child_uid AND u.parent_uid = x.parent_uid)) AS "end",
        count(*) AS issuances, sum(x.use_count) AS uses, any_value(b.subjects)[1:4] AS known,
        (list(x.issue_event_uid ORDER BY x.issued_at)
          || coalesce((SELECT list(u.event_uid ORDER BY u.time) FROM uses u WHERE u.child_uid = x.child_uid AND u.parent_uid = x.parent_uid), []))[1:500] AS uids
      FROM fresh x JOIN base b USING (child_uid)
      GROUP BY x.child_uid, x.parent_uid ORDER BY start`);
    return rows.map((r) => {
      const newRepo = r.kind === 'oidc_federation' && !r.repo_known;
      const score = newRepo ? 70 : r.kind === 'oidc_federation' ? 45 : 55;
      const who =
        r.kind === 'oidc_federation'
          ? newRepo
            ? `the GitHub repository ${r.repo ?? '?'}, never seen assuming it`
            : `a branch or environment of ${r.repo ?? '?'} never seen assuming it`
          : `a subject never seen assuming it`;
      const subject = r.subject.split(':oidc-provider/')[1] ?? r.subject;
      return {
        detector: 'federated_role_new_subject',
        severity: severityOf(score),
        score,
        actor_uid: r.role,
        start: r.start,
        end: r.end,
        title: newRepo
          ? `Federated role assumed by an unknown repository: ${r.repo}`
          : 'Federated role assumed by a new subject',
        explanation:
          `${plural(r.issuances, 'AssumeRoleWithWebIdentity')} by ${who} (${subject}), then ${plural(r.uses, 'call')} with the keys issued; ` +
          `before the window it was assumed by ${list(
            r.known.map((s) => s.split(':oidc-provider/')[1] ?? s),
            3,
          )}`,
        event_uids: r.uids,
      };
    });
  },
};
