import type { Duck, Row } from '../../db/duck';
import { sql } from '../../db/sql';
import { list, plural, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

interface NetRow extends Row {
  actor: string;
  credential_uid: string;
  start: string;
  end: string;
  nets: string[];
  counts: number[];
  unseen: string[];
  uids: string[];
}

/**
 * One credential (access key, session token) used from two or more networks (/16) within the same hour,
 * at least one of them never seen for the identity: a copied credential used alongside its owner.
 */
export const multiNetwork: Detector = {
  name: 'credential_multi_network',
  version: 1,
  novelty: false,
  description: 'one credential used from several networks within an hour, one of them unseen for the identity',
  async run(db: Duck, _p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await db.all<NetRow>(sql`
      WITH c AS (SELECT *, date_trunc('hour', time) AS hour,
                   NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = 'network' AND s.value = e.net)
                   -- an identity that roams (CI runners) is only judged on wider networks (/8)
                   AND (coalesce(b.nets, 0) <= 8 OR NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor
                        AND s.kind = 'net8' AND s.value = e.net8)) AS unseen
                 FROM tm_ev e LEFT JOIN tm_base b ON b.actor = e.actor
                 WHERE e.recent AND e.is_ip AND e.credential_uid IS NOT NULL),
      per AS (SELECT credential_uid, hour, any_value(actor) AS actor, count(DISTINCT net) AS nets, bool_or(unseen) AS any_unseen
              FROM c GROUP BY ALL HAVING count(DISTINCT net) >= 2 AND bool_or(unseen)),
      byNet AS (SELECT c.credential_uid, c.net, count(*) AS n, bool_or(c.unseen) AS unseen
                FROM c JOIN per USING (credential_uid, hour) GROUP BY ALL)
      SELECT any_value(c.actor) AS actor, c.credential_uid, min(c.time) AS start, max(c.time) AS "end",
             (SELECT list(net ORDER BY n DESC, net) FROM byNet x WHERE x.credential_uid = c.credential_uid) AS nets,
             (SELECT list(n ORDER BY n DESC, net) FROM byNet x WHERE x.credential_uid = c.credential_uid) AS counts,
             (SELECT list(DISTINCT net ORDER BY net) FROM byNet x WHERE x.credential_uid = c.credential_uid AND x.unseen) AS unseen,
             list(c.event_uid ORDER BY c.time)[1:500] AS uids
      FROM c JOIN per USING (credential_uid, hour) GROUP BY c.credential_uid ORDER BY actor, start`);
    return rows.map((r) => ({
      detector: 'credential_multi_network',
      severity: severityOf(55),
      score: 55,
      actor_uid: r.actor,
      start: r.start,
      end: r.end,
      title: `One credential used from ${r.nets.length} networks at once`,
      explanation:
        `credential ${r.credential_uid} used from ${plural(r.nets.length, 'network')} within the same hour: ` +
        `${r.nets.map((n, i) => `${n} (${plural(r.counts[i] ?? 0, 'call')})`).join(', ')}; never seen for this identity: ${list(r.unseen)}`,
      event_uids: r.uids,
    }));
  },
};
