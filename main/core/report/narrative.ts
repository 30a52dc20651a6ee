/**
 * The executive summary in words, built from the findings in scope: what happened, which identities, when, from
 * where, what they touched, and what the investigator has confirmed. Facts per identity are aggregated in DuckDB
 * over the events the findings cite; the sentences only put them in order.
 */
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import { severityRank, type FindingItem } from './content';

const IDENTITIES_NAMED = 6;
const LISTED = 4;

type ActorFacts = {
  actor_uid: string;
  name: string | null;
  account: string | null;
  events: number;
  first: string | null;
  last: string | null;
  ips: string[];
  services: string[];
  operations: string[];
};

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time');

/** "a, b, c and 2 more" */
function listed(items: string[], max = LISTED): string {
  if (!items.length) return '';
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Per identity, over the events its open findings cite: when, from which addresses, which services and calls. */
async function actorFacts(db: Duck, findings: FindingItem[]): Promise<ActorFacts[]> {
  const cited = findings.flatMap((f) => (f.actor_uid ? f.event_uids.map((uid) => ({ a: f.actor_uid, uid })) : []));
  if (!cited.length) return [];
  return db.all<ActorFacts>(
    sql`WITH c AS (SELECT DISTINCT * FROM (SELECT unnest(from_json(${param(JSON.stringify(cited))}::JSON,
                                                   '[{"a":"VARCHAR","uid":"VARCHAR"}]'), recursive := true)))
     SELECT c.a AS actor_uid, any_value(i.display_name) AS name, any_value(coalesce(i.account_uid, e.account_uid)) AS account,
            count(*) AS events, min(e.time) AS first, max(e.time) AS last,
            list(DISTINCT e.src_ip ORDER BY e.src_ip) FILTER (WHERE e.src_ip IS NOT NULL) AS ips,
            list(DISTINCT e.api_service ORDER BY e.api_service) FILTER (WHERE e.api_service IS NOT NULL) AS services,
            list(DISTINCT e.api_operation ORDER BY e.api_operation) FILTER (WHERE e.api_operation IS NOT NULL) AS operations
       FROM c JOIN events e ON e.event_uid = c.uid LEFT JOIN identities i ON i.actor_uid = c.a
      GROUP BY c.a`,
  );
}

export async function buildNarrative(
  db: Duck,
  findings: FindingItem[],
  period: { from: string | null; to: string | null },
  events: number,
): Promise<string[]> {
  const open = findings
    .filter((f) => f.status !== 'dismissed')
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.score - a.score);
  const confirmed = open.filter((f) => f.status === 'confirmed');
  const dismissed = findings.length - open.length;
  const out: string[] = [];
  const serious = open.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  out.push(
    `Trailmark examined ${plural(events, 'event')} recorded between ${utc(period.from)} and ${utc(period.to)}. ` +
      (open.length
        ? `It holds ${plural(open.length, 'finding')} in scope (${serious} critical or high): ` +
          `${confirmed.length} confirmed by the investigator, ${open.length - confirmed.length} not yet reviewed` +
          (dismissed ? `; ${dismissed} more were dismissed.` : '.')
        : `No finding in scope remains open${dismissed ? ` (${dismissed} dismissed)` : ''}.`),
  );
  if (!open.length) return out;
  // Identities in the order of their strongest finding; confirmed ones lead when there are any.
  const lead = confirmed.length ? confirmed : open;
  const order = [...new Set(lead.map((f) => f.actor_uid).filter((a): a is string => a !== null))];
  const facts = new Map((await actorFacts(db, lead)).map((f) => [f.actor_uid, f]));
  for (const actor of order.slice(0, IDENTITIES_NAMED)) {
    const own = lead.filter((f) => f.actor_uid === actor);
    const f = facts.get(actor);
    const who = `${f?.name ?? own[0]!.actor_name ?? actor}${f?.account ? ` (account ${f.account})` : ''}`;
    const what = listed(
      own.map((x) => `“${x.title}”`),
      3,
    );
    let text = `${who}: ${what}.`;
    if (f) {
      text +=
        ` The ${plural(f.events, 'cited event')} ran from ${utc(f.first)} to ${utc(f.last)}` +
        (f.ips.length ? `, from ${listed(f.ips)}` : '') +
        (f.services.length ? `, against ${listed(f.services)}` : '') +
        (f.operations.length ? ` (${listed(f.operations)})` : '') +
        '.';
    }
    const status = own.every((x) => x.status === 'confirmed')
      ? ' Confirmed by the investigator.'
      : own.some((x) => x.status === 'confirmed')
        ? ' Partly confirmed by the investigator.'
        : ' Not yet reviewed.';
    out.push(text + status);
  }
  if (order.length > IDENTITIES_NAMED)
    out.push(`${order.length - IDENTITIES_NAMED} more identities have findings; the Findings section lists them all.`);
  if (confirmed.length && open.length > confirmed.length)
    out.push(
      `${plural(open.length - confirmed.length, 'further finding')} await review ` +
        `(${listed([...new Set(open.filter((x) => x.status !== 'confirmed').map((x) => x.actor_name ?? x.actor_uid ?? 'no identity'))])}).`,
    );
  return out;
}
