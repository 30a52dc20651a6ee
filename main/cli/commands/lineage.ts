import type { LineageLink } from '../../../shared/methods/lineage';
import type { CoreService } from '../../core/api/service';
import { resolveIdentity } from '../resolve-identity';
import { intOption, parse, positional, UsageError } from '../args';
import { defaultOf } from '../defaults';
import { printJson, printLine, printTable } from '../output';
import { printLineageGraph } from './lineage-graph';

export const USAGE =
  'trailmark lineage <case> --identity ID|NAME [--depth N] [--limit N] [--json]\n       trailmark lineage <case> --finding ID [--depth N] [--max-nodes N] [--all-time] [--json]';

const name = (uid: string | null, display: string | null) =>
  uid === null ? '-' : display ? `${display} (${uid})` : uid;

const rows = (links: LineageLink[], other: (l: LineageLink) => string) =>
  links.map((l) => [
    l.depth,
    l.kind,
    other(l),
    l.issuances,
    l.use_count,
    l.confidence,
    l.credentials.slice(0, 3).join(' ') + (l.credentials.length > 3 ? ' …' : ''),
    `issued ${l.issue_event_uids.slice(0, 2).join(' ')}${l.issue_event_uids.length > 2 ? ' …' : ''}; first use ${l.first_use_event_uids[0] ?? '-'}`,
  ]);

const HEADERS = ['depth', 'kind', '', 'issued', 'uses', 'conf.', 'credentials', 'evidence (event ids)'];

/** The graph of the chains around a finding: `--finding ID`. */
async function findingGraph(
  core: CoreService,
  casePath: string,
  finding: string,
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (values.identity !== undefined) throw new UsageError(`--identity and --finding: give one\nusage: ${USAGE}`);
  // Left out, the API's own defaults apply (shared/methods/lineage.ts).
  const depth = intOption(values.depth as string | undefined, 'depth');
  if (depth !== undefined && depth > 6) throw new UsageError(`--depth takes at most 6, not ${depth}`);
  const maxNodes = intOption(values['max-nodes'] as string | undefined, 'max-nodes');
  if (maxNodes !== undefined && (maxNodes < 2 || maxNodes > 500))
    throw new UsageError(`--max-nodes takes 2 to 500, not ${maxNodes}`);
  await core.api.openCase({ path: casePath, create: false });
  const graph = await core.api.lineageGraph({ finding, depth, max_nodes: maxNodes, all_time: !!values['all-time'] });
  if (values.json) printJson(graph);
  else printLineageGraph(graph);
  return 0;
}

/** Parents (who obtained the identity's credentials) and children (what it issued or created), with their evidence. */
export async function lineageCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      identity: { type: 'string' },
      finding: { type: 'string' },
      depth: { type: 'string' },
      limit: { type: 'string' },
      'max-nodes': { type: 'string' },
      'all-time': { type: 'boolean' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  if (typeof values.finding === 'string') return findingGraph(core, casePath!, values.finding, values);
  if (typeof values.identity !== 'string')
    throw new UsageError(`--identity ID|NAME or --finding ID is required\nusage: ${USAGE}`);
  const depth = intOption(values.depth as string | undefined, 'depth', defaultOf('identityLineage', 'depth'));
  if (depth > 6) throw new UsageError(`--depth takes at most 6, not ${depth}`);
  const limit = intOption(values.limit as string | undefined, 'limit');
  await core.api.openCase({ path: casePath!, create: false });
  const identity = await resolveIdentity(core.api, values.identity);
  const links = await core.api.identityLineage({
    actor_uid: identity.actor_uid,
    depth,
    limit: limit === undefined ? undefined : Math.min(limit, 2000),
  });
  if (values.json) {
    printJson({ actor_uid: identity.actor_uid, depth, links });
    return 0;
  }
  const parents = links.filter((l) => l.direction === 'parent');
  const children = links.filter((l) => l.direction === 'child');
  printLine(`lineage of ${name(identity.actor_uid, identity.display_name)}, ${depth} hop(s) each way`);
  printLine(`\nparents (who or what obtained its credentials): ${parents.length}`);
  if (parents.length)
    printTable(
      HEADERS.map((h) => h || 'from'),
      rows(parents, (l) => name(l.parent_uid, l.parent_name)),
      70,
    );
  printLine(`\nchildren (keys, sessions and identities it issued or created): ${children.length}`);
  if (children.length)
    printTable(
      HEADERS.map((h) => h || 'to'),
      rows(children, (l) => name(l.child_uid, l.child_name)),
      70,
    );
  if (links.length === limit) printLine(`(first ${limit} links; --limit N for more)`);
  return 0;
}
