import type { Duck } from '../../main/core/db/duck';

const DETECTORS = ['first_seen_operation', 'volume_spike', 'sensitive_operation', 'sigma:5f3a-cloudtrail-stoplogging'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Findings and annotations for report tests, made from a real generated case: each finding is a run of 20
 * consecutive events of one identity (its real event_uids and times). The detectors land from another branch, so
 * tests insert these rows themselves. Statuses cycle confirmed / new / new / dismissed.
 */
export async function seedFindings(db: Duck, count: number): Promise<void> {
  await db.run(
    `INSERT INTO findings (id, detector, severity, score, actor_uid, start_time, end_time, title, explanation,
                           event_uids, status, status_note, created_at)
     SELECT 'F' || lpad(n::VARCHAR, 5, '0'),
            (?::VARCHAR[])[1 + n % 4], (?::VARCHAR[])[1 + n % 5], 100 - (n % 97),
            actor_uid, t0, t1,
            'Unusual activity by ' || actor_name || ' — “' || op || '” ✓',
            'Identity ' || actor_name || ' made ' || cnt || ' calls between ' || t0::VARCHAR || ' and ' ||
              t1::VARCHAR || ', ' || fails || ' of them failed; Łódź-style Unicode stays intact.',
            uids,
            CASE n % 4 WHEN 0 THEN 'confirmed' WHEN 3 THEN 'dismissed' ELSE 'new' END,
            CASE n % 4 WHEN 0 THEN 'checked with the owner' WHEN 3 THEN 'expected deployment' END,
            now()
       FROM (SELECT row_number() OVER (ORDER BY actor_uid, grp) AS n, *
               FROM (SELECT actor_uid, any_value(actor_name) AS actor_name, grp, min(time) AS t0, max(time) AS t1,
                            count(*) AS cnt, count(*) FILTER (WHERE outcome = 'failure') AS fails,
                            mode(api_operation) AS op, list(event_uid ORDER BY time) AS uids
                       FROM (SELECT *, (row_number() OVER (PARTITION BY actor_uid ORDER BY time)) // 20 AS grp
                               FROM events WHERE actor_uid IS NOT NULL)
                      GROUP BY actor_uid, grp)
              ORDER BY actor_uid, grp)
      WHERE n <= ?`,
    [`[${DETECTORS.map((d) => `"${d}"`).join(',')}]`, `[${SEVERITIES.map((d) => `"${d}"`).join(',')}]`, count],
  );
  await db.run(
    `INSERT INTO annotations (target_kind, target_id, kind, severity, tags, note, by_user, recorded_at)
     SELECT 'finding', id, 'flag', 'high', ['exfil', 'ticket-42'], 'Escalated to the cloud team — “urgent”', 'ada', now()
       FROM findings ORDER BY id LIMIT 1`,
  );
  await db.run(
    `INSERT INTO annotations (target_kind, target_id, kind, note, by_user, recorded_at)
     SELECT 'identity', actor_uid, 'note', 'Owner: platform team (Zoë)', 'ada', now() FROM findings ORDER BY id LIMIT 1`,
  );
  await db.run(
    `INSERT INTO identity_overrides
     SELECT actor_uid, 'machine', 'shared service account used by a script', 'ada', now()
       FROM identities WHERE category = 'human' ORDER BY event_count DESC LIMIT 1`,
  );
}
