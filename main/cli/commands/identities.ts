import type { Identity } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { parse, positional, UsageError } from '../args';
import { printJson, printTable } from '../output';

export const USAGE = 'trailmark identities <case> [--machine|--human|--unknown] [--source S] [--search TEXT] [--json]';

export async function identitiesCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      machine: { type: 'boolean' },
      human: { type: 'boolean' },
      unknown: { type: 'boolean' },
      source: { type: 'string' },
      search: { type: 'string' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const picked = (['machine', 'human', 'unknown'] as const).filter((c) => values[c]);
  if (picked.length > 1) throw new UsageError(`choose one of --machine, --human, --unknown\nusage: ${USAGE}`);
  await core.api.openCase({ path: casePath!, create: false });
  const rows: Identity[] = [];
  for (let offset = 0; ;) {
    const page = await core.api.listIdentities({
      category: picked[0],
      source: values.source as string | undefined,
      search: values.search as string | undefined,
      offset,
      limit: 5000,
    });
    rows.push(...page.rows);
    offset += page.rows.length;
    if (offset >= page.total || page.rows.length === 0) break;
  }
  if (values.json) printJson(rows);
  else
    printTable(
      [
        'category',
        'kind',
        'identity',
        'account',
        'events',
        'first seen',
        'last seen',
        'id (pass to --identity)',
        'why',
      ],
      rows.map((r) => [
        r.category,
        r.kind,
        r.display_name,
        r.account_uid,
        r.event_count,
        r.first_seen?.slice(0, 16),
        r.last_seen?.slice(0, 16),
        r.actor_uid,
        cutReason(r.reason),
      ]),
      // The full id is what the other commands take: never cut it.
      Math.max(90, ...rows.map((r) => r.actor_uid.length)),
    );
  return 0;
}

const REASON_WIDTH = 90;
const cutReason = (s: string) => (s.length > REASON_WIDTH ? s.slice(0, REASON_WIDTH - 1) + '…' : s);
