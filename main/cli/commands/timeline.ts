import { StackBy } from '../../../shared/methods/workspace';
import type { CoreService } from '../../core/api/service';
import { resolveIdentity } from '../resolve-identity';
import { intOption, parse, positional, UsageError } from '../args';
import { printJson, printLine, printTable } from '../output';

export const USAGE =
  'trailmark timeline <case> --identity ID|NAME [--buckets N] [--by operation|service|outcome|source] [--series N] [--rare] [--from T] [--to T] [--json]';

/** Buckets of the text table: rows a terminal shows (the API's default, 1,000, is a chart's width). */
const TEXT_BUCKETS = 100;

/**
 * One identity's activity over time, aggregated in DuckDB into at most N buckets (empty buckets left out). The
 * series are the busiest values, or with --rare the least frequent; values a finding cites, or first used inside
 * --from/--to, are never folded into "(other)".
 */
export async function timelineCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      identity: { type: 'string' },
      buckets: { type: 'string' },
      by: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      series: { type: 'string' },
      rare: { type: 'boolean' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  if (typeof values.identity !== 'string') throw new UsageError(`--identity ID|NAME is required\nusage: ${USAGE}`);
  const stack = StackBy.safeParse(values.by ?? 'operation');
  if (!stack.success) throw new UsageError(`--by takes operation, service, outcome or source, not "${values.by}"`);
  const buckets = intOption(values.buckets as string | undefined, 'buckets', TEXT_BUCKETS);
  const series = intOption(values.series as string | undefined, 'series');
  if (series !== undefined && series > 20) throw new UsageError(`--series takes at most 20, not ${series}`);
  await core.api.openCase({ path: casePath!, create: false });
  // An id or an unambiguous display name; not_found or ambiguous (exit 2, with the candidates) before any work.
  const identity = await resolveIdentity(core.api, values.identity);
  const filter = {
    actor_uids: [identity.actor_uid],
    from: values.from as string | undefined,
    to: values.to as string | undefined,
  };
  const order = values.rare ? 'rare' : 'top';
  const t = await core.api.eventTimeline({ filter, buckets, stack: stack.data, series, order });
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
  if (order === 'rare') printLine(`series: the ${series} least frequent by ${stack.data}, rarest first`);
  return 0;
}
