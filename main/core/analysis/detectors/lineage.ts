import type { Duck, Row } from '../../db/duck';
import { list as inList, lit, param, sql, type Sql } from '../../db/sql';
import { clampScore, list, plural, span, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

/**
 * Hops that leave a credential or identity behind after the session that made it has ended, in every source
 * lineage builds: AWS keys, users, roles and console passwords (and the IAM keys a Vault AWS secrets engine
 * mints), Entra app secrets and certificates, GitHub tokens, app installations and deploy keys, GCP service account
 * keys, Vault tokens (a login's, a child token's) and Kubernetes TokenRequest tokens.
 */
export const LASTING = [
  'access_key',
  'created_user',
  'created_role',
  'login_profile',
  'vault_aws_creds',
  'entra_credential',
  'github_token',
  'github_app_install',
  'github_deploy_key',
  'gcp_sa_key',
  'vault_login',
  'vault_token',
  'k8s_token',
];
/** Hops that federate a CI job or a workload into a role. */
const FEDERATED = ['oidc_federation', 'irsa', 'web_identity'];

interface PersistRow extends Row {
  child: string;
  parent: string;
  parent_category: string | null;
  parent_detectors: string[];
  parent_title: string;
  kinds: string[];
  credentials: string[];
  issued: string;
  start: string;
  end: string;
  uses: number;
  odd_place: boolean;
  uids: string[];
}

/** The signals the detector weighs a creator by: another detector's, above info (those are findings). */
const creatorsUnderFinding = (earlier: readonly FindingDraft[]) =>
  earlier
    .filter((s) => s.actor_uid && s.detector !== 'created_credential_used' && s.severity !== 'info')
    .map((s) => ({ actor: s.actor_uid, detector: s.detector, title: s.title, score: s.score }));
const FLAGGED_SHAPE = '[{"actor":"VARCHAR","detector":"VARCHAR","title":"VARCHAR","score":"INTEGER"}]';

/**
 * Persistence: a credential or identity created or issued in the analysed window by an identity under a finding of
 * this analysis (another detector's signal above info), and then used. It reads lineage_edges only, whatever the
 * source: the edge names the creator, what it created, the credential and its uses. The finding is on what was
 * created; its evidence is each edge's issuing record and first use, and the analysed calls that carry the edge's
 * credential. It weighs most when the creator is a machine identity (a CI role or a workload has no business minting
 * long-lived users and keys) or created it from a network or user agent family it never used before the window.
 * A credential never used, or created by an identity no detector flagged, is no finding here (a creation alone is
 * the sensitive-operation detector's).
 */
export const createdCredentialUsed: Detector = {
  name: 'created_credential_used',
  // 2: every source's credential kinds, and only by a creator under a finding
  version: 2,
  novelty: false,
  readsSignals: true,
  description:
    'a key, token, user or role created or issued in the analysed window by an identity under a finding, and then used',
  async run(db: Duck, p: AnalysisParams, earlier: readonly FindingDraft[]): Promise<FindingDraft[]> {
    const flagged = creatorsUnderFinding(earlier);
    if (flagged.length === 0) return [];
    const rows = await db.all<PersistRow>(sql`
      WITH s AS (
        SELECT unnest(from_json(${param(JSON.stringify(flagged))}, ${param(FLAGGED_SHAPE)}), recursive := true)
      ), flagged AS (
        SELECT actor, list(DISTINCT detector ORDER BY detector) AS detectors, arg_max(title, (score, title)) AS title
        FROM s GROUP BY actor
      ), e AS (
        SELECT l.*, f.detectors AS parent_detectors, f.title AS parent_title
        FROM lineage_edges l JOIN flagged f ON f.actor = l.parent_uid
        WHERE l.kind IN ${inList(LASTING)} AND l.use_count > 0 AND l.child_uid IS NOT NULL
          AND l.issued_at >= ${param(p.baselineUntil)}::TIMESTAMPTZ
      ), placed AS (
        SELECT e.*,
          -- the creating call from a network or client family the creator never used before the window
          (t.is_ip AND NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = t.actor AND s.kind = 'network' AND s.value = t.net))
          OR (t.ua_family <> '' AND NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = t.actor AND s.kind = 'user agent'
                AND s.value = t.ua_family)) AS odd_place
        FROM e LEFT JOIN tm_ev t ON t.event_uid = e.issue_event_uid
      ), carried AS (
        -- the analysed calls of what was created that carry the edge's credential, past the edge's first use
        SELECT p.child_uid, list(DISTINCT t.event_uid ORDER BY t.event_uid) AS uids
        FROM placed p JOIN tm_ev t ON t.recent AND p.credential_uid IS NOT NULL
          AND t.credential_uid = p.credential_uid AND t.actor = p.child_uid AND t.time >= p.issued_at
          AND t.event_uid <> p.issue_event_uid
        GROUP BY p.child_uid
      )
      SELECT p.child_uid AS child, any_value(p.parent_uid) AS parent, any_value(i.category) AS parent_category,
        any_value(p.parent_detectors) AS parent_detectors, any_value(p.parent_title) AS parent_title,
        list(DISTINCT p.kind ORDER BY p.kind) AS kinds,
        coalesce(list(DISTINCT p.credential_uid ORDER BY p.credential_uid) FILTER (WHERE p.credential_uid IS NOT NULL), []) AS credentials,
        min(p.issued_at) AS issued, min(p.issued_at) AS start, max(coalesce(p.last_use, p.issued_at)) AS "end",
        max(p.use_count) AS uses, bool_or(coalesce(p.odd_place, false)) AS odd_place,
        list_distinct(list(p.issue_event_uid ORDER BY p.issued_at) || list(p.first_use_event_uid ORDER BY p.first_use)
          || coalesce(any_value(c.uids), []))[1:500] AS uids
      FROM placed p LEFT JOIN effective_identities i ON i.actor_uid = p.parent_uid
        LEFT JOIN carried c ON c.child_uid = p.child_uid
      GROUP BY p.child_uid ORDER BY start, child`);
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
        title: `Created by ${machine ? 'a machine identity' : 'an identity'} under a finding and then used: ${what}`,
        explanation:
          `${r.child} got ${what}${r.credentials.length ? ` (${list(r.credentials)})` : ''} from ${r.parent}` +
          `${machine ? ', a machine identity,' : ''} at ${r.issued}${r.odd_place ? ', from a network or client the creator had not used before' : ''}; ` +
          `${r.parent} is under a finding in the window (${list(r.parent_detectors)}: ${r.parent_title}); ` +
          `then ${plural(Number(r.uses), 'use')} ${span(r.start, r.end)}`,
        event_uids: r.uids,
      };
    });
  },
};

const KIND_NOUN: Record<string, string> = {
  sts_session: 'AssumeRole',
  role_chain: 'AssumeRole from a role session',
  federation_token: 'GetFederationToken',
  access_key: 'an access key',
  created_user: 'its creation as a user',
  created_role: 'its creation as a role',
  login_profile: 'a console password',
  vault_aws_creds: 'an AWS key minted by Vault',
  entra_credential: 'an app secret or certificate',
  github_token: 'a GitHub token',
  github_app_install: 'a GitHub App installation',
  github_deploy_key: 'a deploy key',
  gcp_sa_key: 'a service account key',
  vault_login: 'a Vault login token',
  vault_token: 'a Vault child token',
  k8s_token: 'a service account token (TokenRequest)',
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

/** Hops that hand a short-lived session to another identity (not to the issuer itself, as GetSessionToken does). */
const SESSIONS = ['sts_session', 'role_chain', 'federation_token'];

interface SessionNetworkRow extends Row {
  child: string;
  parent: string;
  credential: string;
  machine: boolean;
  child_knows: boolean;
  start: string;
  end: string;
  calls: number;
  ips: string[];
  usual: string | null;
  uids: string[];
}

/**
 * A session used from a network its issuer never used: the calls signed with a session key (AssumeRole by a user
 * or a role, role chaining, GetFederationToken) in the analysed window, from a network (/16, /48) that the
 * identity which obtained the session never used in its learning window. Credentials lifted from a CI runner, an
 * instance or a laptop are used from the thief's network, not from where they were issued. The issuer must have
 * a history to compare with (enough events and days, with networks). It weighs more when the issuer is a machine
 * (its networks are few and fixed) and when the session's own role never used that network either.
 */
export const sessionNewNetwork: Detector = {
  name: 'session_new_network',
  version: 1,
  novelty: true,
  description: "a session's key used from a network the identity that obtained the session never used",
  async run(db: Duck): Promise<FindingDraft[]> {
    const rows = await db.all<SessionNetworkRow>(sql`
      WITH s AS (
        SELECT l.* FROM lineage_edges l JOIN tm_base b ON b.actor = l.parent_uid AND b.eligible AND b.nets > 0
        WHERE l.kind IN ${inList(SESSIONS)} AND l.credential_uid IS NOT NULL AND l.child_uid IS NOT NULL
          AND l.child_uid <> l.parent_uid AND l.use_count > 0
      ), used AS (
        SELECT s.child_uid, s.parent_uid, s.credential_uid, s.issue_event_uid, s.issued_at, t.event_uid, t.time,
          t.src_ip, t.net
        FROM s JOIN tm_ev t ON t.credential_uid = s.credential_uid AND t.recent AND t.is_ip
        WHERE NOT EXISTS (SELECT 1 FROM tm_seen x WHERE x.actor = s.parent_uid AND x.kind = 'network' AND x.value = t.net)
      ), g AS (
        SELECT child_uid AS child, parent_uid AS parent, credential_uid AS credential, min(time) AS start,
          max(time) AS "end", count(*) AS calls, list(DISTINCT src_ip ORDER BY src_ip)[1:5] AS ips,
          bool_and(EXISTS (SELECT 1 FROM tm_seen x WHERE x.actor = child_uid AND x.kind = 'network' AND x.value = net)) AS child_knows,
          list_distinct(list(issue_event_uid ORDER BY issued_at) || list(event_uid ORDER BY time))[1:500] AS uids
        FROM used GROUP BY child_uid, parent_uid, credential_uid
      )
      SELECT g.*, coalesce(i.category = 'machine', false) AS machine,
        (SELECT string_agg(value || ' (' || n || ')', ', ' ORDER BY n DESC, value) FROM
          (SELECT value, n FROM tm_seen x WHERE x.actor = g.parent AND x.kind = 'network' AND x.value <> ''
           ORDER BY n DESC, value LIMIT 3)) AS usual
      FROM g LEFT JOIN effective_identities i ON i.actor_uid = g.parent
      ORDER BY g.start, g.child, g.credential`);
    return rows.map((r) => {
      const score = clampScore(45 + (r.machine ? 20 : 0) + (r.child_knows ? 0 : 15));
      return {
        detector: 'session_new_network',
        severity: severityOf(score),
        score,
        actor_uid: r.child,
        start: r.start,
        end: r.end,
        title: `Session used from a network its issuer never used: ${list(r.ips, 2)}`,
        explanation:
          `${plural(r.calls, 'call')} ${span(r.start, r.end)} with the session key ${r.credential} came from ` +
          `${list(r.ips, 3)}; ${r.parent}${r.machine ? ', a machine identity,' : ''} obtained that session and never ` +
          `used that network before the window (its usual: ${r.usual ?? 'none'})` +
          (r.child_knows ? '' : `, nor did ${r.child}`),
        event_uids: r.uids,
      };
    });
  },
};

interface CrossAccountRow extends Row {
  parent: string;
  child: string;
  parent_account: string;
  child_account: string;
  kinds: string[];
  accounts_known: boolean;
  start: string;
  end: string;
  issuances: number;
  uses: number;
  uids: string[];
}

/**
 * A chain that crosses into another account: a hop in the analysed window whose parent and child sit in different
 * accounts (the identities' account, else the one their ARNs name), between a pair of identities never linked in
 * the learning window, by a parent that was active then (so the window could have seen the pair). The way an
 * intruder moves from a foothold into the accounts that trust it. Strongest when no identity of the parent's
 * account ever reached the child's account before; weaker when the accounts are linked but this pair is new.
 */
export const crossAccountChain: Detector = {
  name: 'cross_account_chain',
  version: 1,
  novelty: true,
  description: 'a credential chain into another account between two identities never linked before',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const until = param(p.baselineUntil);
    const accountOf = (uid: Sql, acct: Sql) =>
      sql`coalesce(${acct}, CASE WHEN ${uid} LIKE 'arn:%' THEN nullif(split_part(${uid}, ':', 5), '') END)`;
    const rows = await db.all<CrossAccountRow>(sql`
      WITH e AS (
        SELECT l.*, ${accountOf(lit('l.parent_uid'), lit('pi.account_uid'))} AS parent_account,
          ${accountOf(lit('l.child_uid'), lit('ci.account_uid'))} AS child_account
        FROM lineage_edges l
        LEFT JOIN effective_identities pi ON pi.actor_uid = l.parent_uid
        LEFT JOIN effective_identities ci ON ci.actor_uid = l.child_uid
        WHERE l.child_uid IS NOT NULL
      ), x AS (
        SELECT * FROM e WHERE parent_account IS NOT NULL AND child_account IS NOT NULL AND parent_account <> child_account
      ), fresh AS (
        SELECT x.* FROM x JOIN tm_base b ON b.actor = x.parent_uid
        WHERE x.issued_at >= ${until}::TIMESTAMPTZ
          AND NOT EXISTS (SELECT 1 FROM x k WHERE k.issued_at < ${until}::TIMESTAMPTZ
                          AND k.parent_uid = x.parent_uid AND k.child_uid = x.child_uid)
      ), uses AS (
        SELECT f.parent_uid, f.child_uid, t.event_uid, t.time
        FROM fresh f JOIN tm_ev t ON t.credential_uid = f.credential_uid AND t.recent
      )
      SELECT f.parent_uid AS parent, f.child_uid AS child, any_value(f.parent_account) AS parent_account,
        any_value(f.child_account) AS child_account, list(DISTINCT f.kind ORDER BY f.kind) AS kinds,
        EXISTS (SELECT 1 FROM x k WHERE k.issued_at < ${until}::TIMESTAMPTZ
                AND k.parent_account = any_value(f.parent_account) AND k.child_account = any_value(f.child_account)) AS accounts_known,
        min(f.issued_at) AS start,
        greatest(max(f.issued_at), (SELECT max(u.time) FROM uses u WHERE u.parent_uid = f.parent_uid AND u.child_uid = f.child_uid)) AS "end",
        count(*) AS issuances, sum(f.use_count) AS uses,
        list_distinct(list(f.issue_event_uid ORDER BY f.issued_at)
          || coalesce((SELECT list(u.event_uid ORDER BY u.time) FROM uses u WHERE u.parent_uid = f.parent_uid AND u.child_uid = f.child_uid), []))[1:500] AS uids
      FROM fresh f GROUP BY f.parent_uid, f.child_uid ORDER BY start, parent, child`);
    return rows.map((r) => {
      const score = r.accounts_known ? 45 : 70;
      return {
        detector: 'cross_account_chain',
        severity: severityOf(score),
        score,
        actor_uid: r.child,
        start: r.start,
        end: r.end,
        title: `Chain into another account: ${r.parent_account} → ${r.child_account}`,
        explanation:
          `${r.parent} (account ${r.parent_account}) obtained ${r.child} (account ${r.child_account}) ` +
          `${plural(r.issuances, 'time')} by ${list(r.kinds.map((k) => KIND_NOUN[k] ?? k))}, then ${plural(r.uses, 'call')} used it; ` +
          (r.accounts_known
            ? `that pair was never linked before the window, though account ${r.parent_account} reached ${r.child_account} before`
            : `no identity of account ${r.parent_account} reached account ${r.child_account} before the window`),
        event_uids: r.uids,
      };
    });
  },
};
