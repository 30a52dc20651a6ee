/**
 * The lineage part of `npm run eval`: the edges the case holds after ingest against the generator's ground truth
 * (every STS session it issued, the keys and users its people and attackers created, and across sources each CI
 * session's workflow run and each IRSA session's Kubernetes service account). An edge is right when its
 * kind, parent, child and key all equal the truth's. Per kind: precision and recall; over every role or federated
 * session that signed a call: the share whose issuer the case names rightly (sessions whose issuing record the logs
 * never held, e.g. an instance's, count as unresolved).
 */
import type { LineageTruth } from '../../main/core/demo/cloudtrail-activity';
import type { Duck } from '../../main/core/db/duck';
import { sql } from '../../main/core/db/sql';

export interface LineageTally {
  byKind: Map<string, { truth: number; found: number; right: number }>;
  sessions: number;
  resolved: number;
  buildMs: number;
  ingestMs: number;
  /** Which case, when it is not a seed's CloudTrail demo. */
  label?: string;
}

const key = (kind: string, parent: string, child: string | null, credential: string | null) =>
  `${kind}\u0000${parent}\u0000${child ?? ''}\u0000${credential ?? ''}`;

export async function scoreLineage(
  db: Duck,
  truth: LineageTruth[],
  buildMs: number,
  ingestMs: number,
): Promise<LineageTally> {
  const expected = new Set(truth.map((t) => key(t.kind, t.parent, t.child, t.credential)));
  const edges = await db.all<{
    kind: string;
    parent_uid: string;
    child_uid: string | null;
    credential_uid: string | null;
  }>(sql`SELECT kind, parent_uid, child_uid, credential_uid FROM lineage_edges`);
  const byKind = new Map<string, { truth: number; found: number; right: number }>();
  const slot = (k: string) => byKind.get(k) ?? byKind.set(k, { truth: 0, found: 0, right: 0 }).get(k)!;
  for (const t of new Set(truth.map((x) => key(x.kind, x.parent, x.child, x.credential))))
    slot(t.split('\u0000')[0]!).truth++;
  const rightKeys = new Set<string>();
  for (const e of edges) {
    const s = slot(e.kind);
    s.found++;
    const k = key(e.kind, e.parent_uid, e.child_uid, e.credential_uid);
    if (expected.has(k)) {
      s.right++;
      if (e.credential_uid) rightKeys.add(e.credential_uid);
    }
  }
  const sessions = await db.all<{ k: string }>(sql`
    SELECT DISTINCT credential_uid AS k FROM events
    WHERE source = 'cloudtrail' AND credential_uid LIKE 'ASIA%' AND actor_type IN ('AssumedRole', 'FederatedUser')`);
  return {
    byKind,
    sessions: sessions.length,
    resolved: sessions.filter((s) => rightKeys.has(s.k)).length,
    buildMs,
    ingestMs,
  };
}

/** The hops that join two sources, named beside their figures. */
const CROSS_SOURCE: Record<string, string> = {
  oidc_workflow_run: 'cross-source: GitHub OIDC session → its workflow run in the GitHub audit log',
  irsa: 'cross-source: IRSA session → its Kubernetes service account in the EKS audit log',
};

export function printLineage(log: (s: string) => void, tallies: LineageTally[]): void {
  const kinds = new Map<string, { truth: number; found: number; right: number }>();
  for (const t of tallies)
    for (const [k, v] of t.byKind) {
      const s = kinds.get(k) ?? { truth: 0, found: 0, right: 0 };
      kinds.set(k, { truth: s.truth + v.truth, found: s.found + v.found, right: s.right + v.right });
    }
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(3)} (${a}/${b})`);
  log(`\nlineage edges, ${tallies.length} seed(s)`);
  log(`  ${'kind'.padEnd(18)} ${'precision'.padEnd(22)} recall`);
  for (const [k, v] of [...kinds].sort())
    log(
      `  ${k.padEnd(18)} ${ratio(v.right, v.found).padEnd(22)} ${ratio(v.right, v.truth).padEnd(22)}` +
        (CROSS_SOURCE[k] ? ` ${CROSS_SOURCE[k]}` : ''),
    );
  const sessions = tallies.reduce((n, t) => n + t.sessions, 0);
  const resolved = tallies.reduce((n, t) => n + t.resolved, 0);
  log(`sessions resolved to their issuer: ${ratio(resolved, sessions)}`);
  for (const t of tallies)
    log(
      `building lineage${t.label ? ` (${t.label})` : ''}: ${t.buildMs} ms, ${((100 * t.buildMs) / t.ingestMs).toFixed(1)}% of the ${t.ingestMs} ms ingest (which includes it)`,
    );
}
