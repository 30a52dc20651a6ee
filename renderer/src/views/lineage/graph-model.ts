import type { LineageGraph, LineageGraphEdge } from '../../../../shared/methods/lineage';
import type { WsFilter } from '../../store/nav';
import { findingWindow } from '../findings/FindingCard';
import type { LayoutInput } from './graph-layout';

/** The box drawn for a key issued to no identity the case saw use it (an edge with no child). */
export const UNSEEN = 'unseen:';

/** The graph as the layout takes it: every identity, plus one box per key no identity was seen using. */
export function layoutInput(g: LineageGraph): LayoutInput {
  const unseen = g.edges.flatMap((e, i) => (e.child_uid === null ? [{ id: `${UNSEEN}${i}` }] : []));
  return {
    nodes: [...g.nodes.map((n) => ({ id: n.actor_uid })), ...unseen],
    edges: g.edges.map((e, i) => ({ from: e.parent_uid, to: e.child_uid ?? `${UNSEEN}${i}` })),
  };
}

/**
 * The time to open an identity of the graph at: the root of a finding at the finding's window; any other identity
 * over its hops in the graph (issued to last use), each widened to whole hours with an hour either side.
 */
export function nodeWindow(g: LineageGraph, uid: string): Pick<WsFilter, 'from' | 'to'> {
  if (uid === g.root) return g.finding ? findingWindow(g.finding) : {};
  const times = g.edges
    .filter((e) => e.parent_uid === uid || e.child_uid === uid)
    .flatMap((e) => [e.first_issued, e.last_issued, e.first_use, e.last_use])
    .filter((t): t is string => !!t)
    .sort();
  return times.length ? findingWindow({ start: times[0]!, end: times[times.length - 1]! }) : {};
}

/** The one key an edge issued, when it issued exactly one (its calls are found by that key). */
export function soleKey(e: LineageGraphEdge): string | null {
  return e.credentials.length === 1 ? e.credentials[0]! : null;
}
