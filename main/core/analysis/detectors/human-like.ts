import type { Duck } from '../../db/duck';
import { INTERACTIVE_UA, OFFENSIVE_UA } from '../catalogue';
import { bursts, list, plural, span, type BurstRow, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

interface Row extends BurstRow {
  ops: string[];
  agents: string[];
  ips: string[];
  logins: number;
}

const likeAny = (column: string, words: string[]) =>
  `(${words.map((w) => `lower(${column}) LIKE '%${w.replaceAll("'", "''")}%'`).join(' OR ')})`;
const OFFENSIVE_SQL = likeAny('user_agent', OFFENSIVE_UA);
const INTERACTIVE_SQL = `(${INTERACTIVE_UA.map((w) => `lower(user_agent) LIKE '${w}%'`).join(' OR ')})`;

/**
 * A machine identity used the way a person works: a console sign-in, a browser, console use as the source marks it
 * (events.interactive: every form CloudTrail writes, interactive sign-ins), or an interactive tool (kubectl from a
 * workload's service account). Machines call through SDKs; a person holding their key does not. It fires only on
 * identities whose effective category is machine (the investigator's override wins): the classification weighs
 * all of an identity's behaviour, so the intruder's own few console events leave it machine.
 */
export const humanLike: Detector = {
  name: 'machine_used_like_human',
  version: 2,
  novelty: false,
  description: 'a machine identity signing in to a console, or calling from a browser or interactive tool',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await bursts<Row>(
      db,
      p,
      `SELECT e.* FROM tm_ev e
       WHERE e.recent AND e.category = 'machine'
         AND (e.operation IN ('ConsoleLogin', 'GetSigninToken') OR e.interactive OR ${INTERACTIVE_SQL})`,
      `list(DISTINCT operation ORDER BY operation) AS ops, list(DISTINCT user_agent ORDER BY user_agent) AS agents, list(DISTINCT src_ip ORDER BY src_ip) AS ips,
       count(*) FILTER (WHERE operation = 'ConsoleLogin') AS logins`,
    );
    return rows.map((r) => {
      const score = r.logins > 0 ? 75 : 60;
      return {
        detector: 'machine_used_like_human',
        severity: severityOf(score),
        score,
        actor_uid: r.actor,
        start: r.start,
        end: r.end,
        title: r.logins > 0 ? 'Machine identity signed in to the console' : 'Machine identity used interactively',
        explanation:
          `machine identity used like a person: ${r.logins ? `${plural(r.logins, 'console sign-in')}, ` : ''}` +
          `${plural(r.n, 'call')} ${span(r.start, r.end)} (${list(r.ops, 3)}) from ${list(r.ips, 2)} with ${list(r.agents, 1)}`,
        event_uids: r.uids,
      };
    });
  },
};

/** Calls whose user agent names an offensive or audit tool (Kali, Pacu, ScoutSuite, Prowler…). */
export const offensiveTool: Detector = {
  name: 'offensive_tool',
  version: 1,
  novelty: false,
  description: `a user agent naming an offensive or cloud-audit tool (${OFFENSIVE_UA.slice(0, 6).join(', ')}…)`,
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await bursts<Row>(
      db,
      p,
      `SELECT * FROM tm_ev WHERE recent AND ${OFFENSIVE_SQL}`,
      `list(DISTINCT operation ORDER BY operation) AS ops, list(DISTINCT user_agent ORDER BY user_agent) AS agents, list(DISTINCT src_ip ORDER BY src_ip) AS ips, 0 AS logins`,
    );
    return rows.map((r) => ({
      detector: 'offensive_tool',
      severity: severityOf(80),
      score: 80,
      actor_uid: r.actor,
      start: r.start,
      end: r.end,
      title: 'Offensive tool user agent',
      explanation: `${plural(r.n, 'call')} ${span(r.start, r.end)} (${list(r.ops, 4)}) from ${list(r.ips, 2)} with an offensive-tool user agent: ${list(r.agents, 1)}`,
      event_uids: r.uids,
    }));
  },
};
