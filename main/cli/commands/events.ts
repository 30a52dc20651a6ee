import type { CoreService } from '../../core/api/service';
import { resolveIdentity } from '../resolve-identity';
import { intOption, offsetOption, parse, positional } from '../args';
import { printJson, printLine, printTable } from '../output';
import { readPages } from '../paging';

export const USAGE =
  'trailmark events <case> [--identity ID|NAME] [--from T] [--to T] [--operation OP] [--search TEXT] [--limit N] [--offset N] [--json]';

/** Events listed when --limit is not given: a page a terminal shows (the API's default page is 200). */
const TEXT_PAGE = 100;

export async function eventsCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      identity: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      operation: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const limit = intOption(values.limit as string | undefined, 'limit', TEXT_PAGE);
  const offset = offsetOption(values.offset as string | undefined, 'offset');
  await core.api.openCase({ path: casePath!, create: false });
  // An id, or a display name that names one identity; anything else is exit 2 with the candidates.
  const identity =
    typeof values.identity === 'string' ? (await resolveIdentity(core.api, values.identity)).actor_uid : undefined;
  // The same filter the app's events view applies: --search is its free-text rule (words matched where they start).
  const filter = {
    actor_uids: identity === undefined ? undefined : [identity],
    from: values.from as string | undefined,
    to: values.to as string | undefined,
    operation: values.operation as string | undefined,
    text: values.search as string | undefined,
  };
  // What was left out is said, never silently: the total, and where the next page starts.
  const {
    rows,
    total,
    next_offset: next,
  } = await readPages(
    async (o, l) => {
      const page = await core.api.queryEvents({ filter, offset: o, limit: l, count: true });
      if (page.total === null) throw new Error('queryEvents gave no total though asked to count');
      return { rows: page.rows, total: page.total };
    },
    offset,
    limit,
  );
  if (values.json) {
    printJson({ total, offset, limit, next_offset: next, rows });
    return 0;
  }
  printTable(
    ['time', 'identity', 'operation', 'service', 'outcome', 'source ip', 'event'],
    rows.map((e) => [e.time, e.actor_name, e.api_operation, e.api_service, e.outcome, e.src_ip, e.event_uid]),
  );
  const shown = rows.length ? `${offset + 1}-${offset + rows.length}` : '0';
  printLine(`${shown} of ${total} events` + (next === null ? '' : `; the next page: --offset ${next}`));
  return 0;
}
