/**
 * A layered left-to-right layout for small directed graphs (a lineage graph: tens of nodes), pure and
 * deterministic: whoever issued a credential sits left of whoever used it.
 * 1. Cycles are broken by reversing the edges a depth-first walk finds pointing back (in the input order).
 * 2. Each node's layer is its longest path from a node with no incoming edge.
 * 3. Within a layer, nodes are ordered by the mean position of their neighbours (barycentres), sweeping right and
 *    left a few times, which removes most crossings; ties keep the input order.
 * 4. Each layer is a column, centred vertically; parallel edges between two nodes fan out around the straight line.
 */
export interface LayoutInput {
  nodes: { id: string }[];
  edges: { from: string; to: string }[];
}

export interface LayoutBox {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  margin: number;
}

export interface PlacedNode {
  id: string;
  layer: number;
  /** Position within its layer, top to bottom. */
  order: number;
  x: number;
  y: number;
}

export interface RoutedEdge {
  /** Index in the input's edges. */
  index: number;
  from: string;
  to: string;
  /** SVG path: a cubic curve from the source's right side to the target's left side (or a loop for a self-edge). */
  path: string;
  /** Where the edge's label goes. */
  labelX: number;
  labelY: number;
  /** The edge points right to left: it closes a cycle. */
  back: boolean;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: RoutedEdge[];
  width: number;
  height: number;
  layers: number;
}

export const DEFAULT_BOX: LayoutBox = { nodeWidth: 260, nodeHeight: 56, columnGap: 190, rowGap: 40, margin: 16 };

const SWEEPS = 4;
const FAN = 26;

/** Edges (as [from, to] pairs between known nodes, no self-edges) made acyclic, and which input edges were reversed. */
function acyclic(ids: string[], edges: LayoutInput['edges']): { dag: [string, string][]; reversed: Set<number> } {
  const known = new Set(ids);
  const out = new Map<string, number[]>(ids.map((id) => [id, []]));
  edges.forEach((e, i) => {
    if (e.from !== e.to && known.has(e.from) && known.has(e.to)) out.get(e.from)!.push(i);
  });
  const state = new Map<string, 'open' | 'done'>();
  const reversed = new Set<number>();
  // Iterative depth-first walk (a deep chain must not overflow the stack).
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const list = out.get(top.id)!;
      if (top.next >= list.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const i = list[top.next++]!;
      const to = edges[i]!.to;
      const s = state.get(to);
      if (s === 'open') reversed.add(i);
      else if (!s) {
        state.set(to, 'open');
        stack.push({ id: to, next: 0 });
      }
    }
  }
  const dag: [string, string][] = [];
  edges.forEach((e, i) => {
    if (e.from === e.to || !known.has(e.from) || !known.has(e.to)) return;
    dag.push(reversed.has(i) ? [e.to, e.from] : [e.from, e.to]);
  });
  return { dag, reversed };
}

/** Longest path from a source, over an acyclic edge list (Kahn's order). */
function layers(ids: string[], dag: [string, string][]): Map<string, number> {
  const indeg = new Map<string, number>(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of dag) {
    out.get(a)!.push(b);
    indeg.set(b, indeg.get(b)! + 1);
  }
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    for (const b of out.get(id)!) {
      layer.set(b, Math.max(layer.get(b)!, layer.get(id)! + 1));
      indeg.set(b, indeg.get(b)! - 1);
      if (indeg.get(b) === 0) queue.push(b);
    }
  }
  return layer;
}

/** Orders each layer by barycentres of the neighbouring layer, sweeping both ways. */
function order(ids: string[], layer: Map<string, number>, dag: [string, string][]): string[][] {
  const count = Math.max(0, ...layer.values()) + 1;
  const cols: string[][] = Array.from({ length: count }, () => []);
  for (const id of ids) cols[layer.get(id)!]!.push(id);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of dag) {
    succs.get(a)!.push(b);
    preds.get(b)!.push(a);
  }
  const pos = new Map<string, number>();
  const index = () => cols.forEach((c) => c.forEach((id, i) => pos.set(id, i)));
  index();
  const sortBy = (col: string[], near: Map<string, string[]>) => {
    const key = new Map(
      col.map((id, i) => {
        const ns = near.get(id)!.filter((n) => pos.has(n));
        return [id, ns.length ? ns.reduce((s, n) => s + pos.get(n)!, 0) / ns.length : i] as const;
      }),
    );
    const first = new Map(col.map((id, i) => [id, i]));
    col.sort((a, b) => key.get(a)! - key.get(b)! || first.get(a)! - first.get(b)!);
    col.forEach((id, i) => pos.set(id, i));
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let l = 1; l < count; l++) sortBy(cols[l]!, preds);
    for (let l = count - 2; l >= 0; l--) sortBy(cols[l]!, succs);
  }
  return cols;
}

/** Lays out the graph: node boxes by layer and order, and a routed path for every input edge. */
export function layoutGraph(input: LayoutInput, box: LayoutBox = DEFAULT_BOX): Layout {
  const ids = [...new Set(input.nodes.map((n) => n.id))];
  const { dag, reversed } = acyclic(ids, input.edges);
  const layer = layers(ids, dag);
  const cols = order(ids, layer, dag);
  const tallest = Math.max(1, ...cols.map((c) => c.length));
  const rowStep = box.nodeHeight + box.rowGap;
  const height = box.margin * 2 + tallest * rowStep - box.rowGap;
  const placed = new Map<string, PlacedNode>();
  cols.forEach((col, l) => {
    const top = box.margin + ((tallest - col.length) * rowStep) / 2;
    col.forEach((id, i) =>
      placed.set(id, {
        id,
        layer: l,
        order: i,
        x: box.margin + l * (box.nodeWidth + box.columnGap),
        y: top + i * rowStep,
      }),
    );
  });
  const width = box.margin * 2 + cols.length * (box.nodeWidth + box.columnGap) - box.columnGap;

  // Parallel edges (either direction) between one pair fan out: the k-th of n is shifted by (k - (n-1)/2) * FAN.
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const siblings = new Map<string, number[]>();
  input.edges.forEach((e, i) => {
    if (!placed.has(e.from) || !placed.has(e.to)) return;
    const k = pairKey(e.from, e.to);
    siblings.set(k, [...(siblings.get(k) ?? []), i]);
  });
  const edges: RoutedEdge[] = [];
  input.edges.forEach((e, i) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) return;
    const group = siblings.get(pairKey(e.from, e.to))!;
    const shift = (group.indexOf(i) - (group.length - 1) / 2) * FAN;
    if (a === b) {
      // A self-edge (a session token from an identity to itself): a loop over the box's top.
      const cx = a.x + box.nodeWidth / 2 + shift;
      const path = `M ${cx - 14} ${a.y} C ${cx - 30} ${a.y - 34}, ${cx + 30} ${a.y - 34}, ${cx + 14} ${a.y}`;
      edges.push({ index: i, from: e.from, to: e.to, path, labelX: cx, labelY: a.y - 30, back: false });
      return;
    }
    const midY = (n: PlacedNode) => n.y + box.nodeHeight / 2;
    const back = a.x > b.x;
    const x1 = back ? a.x : a.x + box.nodeWidth;
    const x2 = back ? b.x + box.nodeWidth : b.x;
    // Parallel edges leave and arrive a little apart and bow apart in between, so their labels do not collide.
    const y1 = midY(a) + shift * 0.4;
    const y2 = midY(b) + shift * 0.4;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2) * (back ? -1 : 1);
    const lift = back ? -box.nodeHeight + shift : shift * 1.2;
    const path = `M ${x1} ${y1} C ${x1 + bend} ${y1 + lift}, ${x2 - bend} ${y2 + lift}, ${x2} ${y2}`;
    // The curve's midpoint (t = 1/2 of the cubic): the mean of its ends and control points, weighted 1:3:3:1.
    const labelX = (x1 + 3 * (x1 + bend) + 3 * (x2 - bend) + x2) / 8;
    const labelY = (y1 + 3 * (y1 + lift) + 3 * (y2 + lift) + y2) / 8;
    edges.push({ index: i, from: e.from, to: e.to, path, labelX, labelY, back: reversed.has(i) || back });
  });
  return { nodes: [...placed.values()], edges, width: Math.max(width, box.nodeWidth), height, layers: cols.length };
}
