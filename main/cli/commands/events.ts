import type { EventRow } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { intOption, parse, positional } from '../args';
import { printJson, printLine, printTable } from '../output';

const USAGE =
  'trailmark events <case> [--identity UID] [--from T] [--to T] [--operation OP] [--search TEXT] [--limit N] [--json]';

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
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const limit = intOption(values.limit as string | undefined, 'limit', 100);
  await core.api.openCase({ path: casePath!, create: false });
  const filter = {
    actor_uid: values.identity as string | undefined,
    from: values.from as string | undefined,
    to: values.to as string | undefined,
    operation: values.operation as string | undefined,
    search: values.search as string | undefined,
  };
  const rows: EventRow[] = [];
  let total = 0;
  while (rows.length < limit) {
    const page = await core.api.listEvents({
      ...filter,
      offset: rows.length,
      limit: Math.min(limit - rows.length, 5000),
    });
    rows.push(...page.rows);
    total = page.total;
    if (page.rows.length === 0 || rows.length >= total) break;
  }
  if (values.json) {
    printJson(rows);
    return 0;
  }
  printTable(
    ['time', 'identity', 'operation', 'service', 'outcome', 'source ip', 'event'],
    rows.map((e) => [e.time, e.actor_name, e.api_operation, e.api_service, e.outcome, e.src_ip, e.event_uid]),
  );
  printLine(`${rows.length} of ${total} events`);
  return 0;
}
