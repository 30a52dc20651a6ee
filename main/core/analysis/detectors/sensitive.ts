import type { Duck } from '../../db/duck';
import { sql } from '../../db/sql';
import { CATEGORY_SCORE, SENSITIVE_OPERATIONS, type SensitiveCategory } from '../catalogue';
import { bursts, clampScore, list, plural, span, type BurstRow, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

interface Row extends BurstRow {
  ops: string[];
  categories: SensitiveCategory[];
  failed: number;
  routine_ops: string[];
  familiar: boolean;
  /** What the calls acted on (events.targets), in time order, repeats included; null when none named one. */
  targets: string[] | null;
  /** Each call's first target: what its request named (the user, role or secret), not what it created. */
  first_targets: string[] | null;
  /** Those of them the identity already acted on in its learning window. */
  known_targets: string[] | null;
}

/** Targets named in an explanation at most. */
const MAX_TARGETS = 4;

/** A sensitive operation the identity already did in its learning window counts for this much of its weight. */
const ROUTINE = 0.3;
/**
 * A new sensitive operation on a service the identity already works with, from its usual networks and client
 * (an infrastructure pipeline creating a role): likely a change, still worth a look. Tampering with the audit
 * trail is never discounted this way.
 */
const FAMILIAR = 0.6;

/**
 * Operations from the sensitive catalogue (credential and key creation, permission and role-binding changes,
 * secret reads, audit-log tampering, MFA and federation changes) across sources. Kubernetes records match on
 * the resource (secrets, rolebindings) as their operation is a verb. The explanation names what the calls acted
 * on (events.targets), and an operation the identity does routinely is weighed down only when each call's first
 * target (what the request named, not what it created: CreateAccessKey's user, not the new key) is one it already
 * acted on in its learning window: a CI role that creates access keys every day creating one for a user it never
 * touched (a backdoor user), or a workload reading a secret it never read, keeps its full weight.
 */
export const sensitiveOperation: Detector = {
  name: 'sensitive_operation',
  // 2: what the calls acted on is named, and a routine operation on a new target is not weighed down
  version: 2,
  novelty: false,
  description: 'operations from the sensitive catalogue; weighted down when routine for the identity',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE tm_catalogue (operation VARCHAR, category VARCHAR)`);
    await db.insertRows(
      'tm_catalogue',
      { operation: 'VARCHAR', category: 'VARCHAR' },
      SENSITIVE_OPERATIONS as unknown as Record<string, unknown>[],
    );
    const flagged = sql`
      SELECT e.*, c.category AS cat,
             EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = 'operation' AND s.value = e.operation) AS routine,
             -- the identity already works with this service, from this network, with this kind of client
             EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = 'service' AND s.value = e.service)
             AND EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = 'user agent' AND s.value = e.ua_family)
             AND EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = 'net8' AND s.value = e.net8) AS familiar
      FROM tm_ev e JOIN tm_catalogue c
        ON c.operation = lower(e.operation)
        OR (e.source = 'k8s_audit' AND c.operation = lower(e.resource_type)
            AND (c.category <> 'secret read' OR e.operation IN ('get', 'list', 'watch')))
      WHERE e.recent`;
    const rows = await bursts<Row>(
      db,
      p,
      flagged,
      `list(DISTINCT operation ORDER BY operation) AS ops, list(DISTINCT cat ORDER BY cat) AS categories,
       count(*) FILTER (WHERE outcome = 'failure') AS failed,
       list(DISTINCT operation ORDER BY operation) FILTER (WHERE routine) AS routine_ops,
       bool_and(familiar) AS familiar,
       flatten(list(targets ORDER BY time) FILTER (WHERE targets IS NOT NULL)) AS targets,
       list(DISTINCT targets[1]) FILTER (WHERE targets IS NOT NULL) AS first_targets`,
      `(SELECT list(s.value) FROM tm_seen s WHERE s.actor = g.actor AND s.kind = 'target'
         AND list_contains(g.first_targets, s.value)) AS known_targets`,
    );
    return rows.map((r) => {
      const top = [...r.categories].sort((a, b) => CATEGORY_SCORE[b] - CATEGORY_SCORE[a])[0] ?? 'secret read';
      const targets = [...new Set(r.targets ?? [])];
      const known = new Set(r.known_targets ?? []);
      const newTargets = [...new Set(r.first_targets ?? [])].filter((t) => !known.has(t));
      const routineOps = (r.routine_ops ?? []).length === r.ops.length;
      const routine = routineOps && newTargets.length === 0;
      const failedAll = r.failed === r.n;
      // A routine operation on a new target is judged at full weight: its service and client are familiar by definition.
      const familiar = r.familiar && !routineOps && top !== 'logging tampering';
      const score = clampScore(
        CATEGORY_SCORE[top] * (routine ? ROUTINE : 1) * (familiar ? FAMILIAR : 1) * (failedAll ? 0.8 : 1),
      );
      const novelty = routine
        ? 'routine for this identity (seen in its learning window)'
        : routineOps
          ? `routine for this identity, but never on ${list(newTargets, MAX_TARGETS)} in its learning window`
          : familiar
            ? 'never done by this identity, though on a service it uses, from its usual networks and client'
            : `never done by this identity in its learning window`;
      return {
        detector: 'sensitive_operation',
        severity: severityOf(score),
        score,
        actor_uid: r.actor,
        start: r.start,
        end: r.end,
        title: `Sensitive operation (${top}): ${list(r.ops, 2)}`,
        explanation:
          `${list(r.categories)}: ${list(r.ops)}${onTargets(targets, newTargets)} ` +
          `(${plural(r.n, 'call')}${r.failed ? `, ${r.failed} failed` : ''} ${span(r.start, r.end)}), ${novelty}`,
        event_uids: r.uids,
      };
    });
  },
};

/** " on svc-support, arn:…:policy/AdministratorAccess": what the calls acted on, those new to the identity first. */
function onTargets(targets: string[], fresh: string[]): string {
  return targets.length ? ` on ${list([...fresh, ...targets.filter((t) => !fresh.includes(t))], MAX_TARGETS)}` : '';
}
