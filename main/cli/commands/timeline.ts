import { StackBy } from '../../../shared/methods/workspace';
import type { CoreService } from '../../core/api/service';
import { intOption, parse, positional, UsageError } from '../args';
import { printJson, printLine, printTable } from '../output';

const USAGE =
  'trailmark timeline <case> --identity UID [--buckets N] [--by operation|service|outcome|source] [--from T] [--to T] [--json]';

/** One identity's activity over time, aggregated in DuckDB into at most N buckets (empty buckets left out). */
export async function timelineCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      identity: { type: 'string' },
      buckets: { type: 'string' },
      by: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  if (typeof values.identity !== 'string') throw new UsageError(`--identity UID is required\nusage: ${USAGE}`);
  const stack = StackBy.safeParse(values.by ?? 'operation');
  if (!stack.success) throw new UsageError(`--by takes operation, service, outcome or source, not "${values.by}"`);
  const buckets = intOption(values.buckets as string | undefined, 'buckets', 100);
  await core.api.openCase({ path: casePath!, create: false });
  await core.api.getIdentity({ actor_uid: values.identity }); // not_found, naming the identity, before any work
  const filter = {
    actor_uids: [values.identity],
    from: values.from as string | undefined,
    to: values.to as string | undefined,
  };
  const t = await core.api.eventTimeline({ filter, buckets, stack: stack.data });
  if (values.json) {
    printJson(t);
    return 0;
  }
  const byBucket = new Map<number, { s: number; n: number }[]>();
  for (const p of t.points) byBucket.set(p.t, [...(byBucket.get(p.t) ?? []), p]);
  printTable(
    ['bucket start (UTC)', 'events', `by ${stack.data}`],
    [...byBucket.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, ps]) => [
        new Date(start).toISOString().slice(0, 16).replace('T', ' '),
        ps.reduce((a, p) => a + p.n, 0),
        ps
          .sort((a, b) => b.n - a.n)
          .map((p) => `${t.series[p.s] ?? '?'} ${p.n}`)
          .join(', '),
      ]),
    100,
  );
  printLine(`${t.total} events from ${t.from ?? '-'} to ${t.to ?? '-'} in ${t.bucket_seconds}-second buckets`);
  return 0;
}
