import type { LineageGraph } from '../../../shared/methods/lineage';
import { printLine, printTable } from '../output';

const who = (g: LineageGraph, uid: string | null) => {
  if (uid === null) return '(no identity seen using it)';
  const n = g.nodes.find((x) => x.actor_uid === uid);
  return n?.name && n.name !== uid ? `${n.name} (${uid})` : uid;
};

/** The graph around a finding or an identity as text: its identities, then each hop with its evidence. */
export function printLineageGraph(g: LineageGraph): void {
  printLine(
    g.finding
      ? `chains around finding ${g.finding.id} (${g.finding.title}) on ${who(g, g.root)}, ${g.depth} hop(s) each way`
      : `chains through ${who(g, g.root)}, ${g.depth} hop(s) each way`,
  );
  if (g.window)
    printLine(
      `its own links: those active from ${g.window.from} to ${g.window.to} (${g.outside_window} issuances outside; --all-time for every one)`,
    );
  printLine(`\nidentities: ${g.nodes.length}${g.capped ? ` of ${g.reached} reached (--max-nodes N for more)` : ''}`);
  printTable(
    ['hops', 'way', 'identity', 'category', 'kind', 'findings'],
    g.nodes.map((n) => [
      n.hops,
      n.hops === 0 ? 'root' : [n.up && 'up', n.down && 'down'].filter(Boolean).join('+'),
      who(g, n.actor_uid),
      n.category ?? '-',
      n.kind ?? '-',
      n.findings ? `${n.findings} (${n.max_severity})` : '',
    ]),
    80,
  );
  printLine(`\nhops: ${g.edges.length}`);
  printTable(
    ['kind', 'from', 'to', 'issued', 'uses', 'conf.', 'credentials', 'evidence (event ids)'],
    g.edges.map((e) => [
      e.kind,
      who(g, e.parent_uid),
      who(g, e.child_uid),
      e.issuances,
      e.use_count,
      e.confidence,
      e.credentials.slice(0, 3).join(' ') + (e.credentials.length > 3 ? ' …' : ''),
      `issued ${e.issue_event_uids.slice(0, 2).join(' ')}${e.issue_event_uids.length > 2 ? ' …' : ''}; first use ${e.first_use_event_uids[0] ?? '-'}`,
    ]),
    60,
  );
}
