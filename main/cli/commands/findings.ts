import { SEVERITY_LEVELS, type Finding } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { resolveIdentity } from '../resolve-identity';
import { parse, positional, UsageError } from '../args';
import { printJson, printTable } from '../output';

export const USAGE =
  'trailmark findings <case> [--identity ID|NAME] [--min-severity info|low|medium|high|critical] [--status new|confirmed|dismissed] [--json]';

type Severity = (typeof SEVERITY_LEVELS)[number];
const STATUSES = ['new', 'confirmed', 'dismissed'] as const;

/** The --json shape of DESIGN §6, with the investigator's decision (status and note). */
function contract(f: Finding) {
  const { id, detector, severity, score, actor_uid, start, end, title, explanation, event_uids, status, status_note } =
    f;
  return {
    id,
    detector,
    severity,
    score,
    actor_uid,
    start,
    end,
    title,
    explanation,
    event_uids,
    status,
    note: status_note,
  };
}

export async function findingsCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { identity: { type: 'string' }, 'min-severity': { type: 'string' }, status: { type: 'string' } },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const min = values['min-severity'] as string | undefined;
  if (min !== undefined && !SEVERITY_LEVELS.includes(min as Severity))
    throw new UsageError(`--min-severity takes one of ${SEVERITY_LEVELS.join(', ')}, not "${min}"\nusage: ${USAGE}`);
  const status = values.status as string | undefined;
  if (status !== undefined && !STATUSES.includes(status as (typeof STATUSES)[number]))
    throw new UsageError(`--status takes one of ${STATUSES.join(', ')}, not "${status}"\nusage: ${USAGE}`);
  await core.api.openCase({ path: casePath!, create: false });
  const identity =
    typeof values.identity === 'string' ? (await resolveIdentity(core.api, values.identity)).actor_uid : undefined;
  const rows: Finding[] = [];
  for (let offset = 0; ;) {
    const page = await core.api.listFindings({
      actor_uid: identity,
      min_severity: min as Severity | undefined,
      status: status as (typeof STATUSES)[number] | undefined,
      offset,
      limit: 5000,
    });
    rows.push(...page.rows);
    offset += page.rows.length;
    if (offset >= page.total || page.rows.length === 0) break;
  }
  if (values.json) printJson(rows.map(contract));
  else
    printTable(
      ['severity', 'score', 'status', 'start', 'identity', 'title', 'id'],
      rows.map((f) => [f.severity, f.score, f.status, f.start?.slice(0, 16), f.actor_uid, f.title, f.id]),
      70,
    );
  return 0;
}
