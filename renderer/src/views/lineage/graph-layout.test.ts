import { describe, expect, it } from 'vitest';
import { DEFAULT_BOX, layoutGraph, type Layout } from './graph-layout';

const at = (l: Layout, id: string) => l.nodes.find((n) => n.id === id)!;
const overlap = (l: Layout) =>
  l.nodes.some((a) =>
    l.nodes.some(
      (b) =>
        a !== b &&
        Math.abs(a.x - b.x) < DEFAULT_BOX.nodeWidth &&
        Math.abs(a.y - b.y) < DEFAULT_BOX.nodeHeight + DEFAULT_BOX.rowGap,
    ),
  );

describe('layoutGraph', () => {
  it('puts each issuer left of what it issued, in columns by longest path, boxes never overlapping', () => {
    // repo → role → {user (twice: created, key), chained role}; a second repo → role; user → another role
    const l = layoutGraph({
      nodes: [{ id: 'user' }, { id: 'role' }, { id: 'repo' }, { id: 'chained' }, { id: 'repo2' }, { id: 'late' }],
      edges: [
        { from: 'repo', to: 'role' },
        { from: 'repo2', to: 'role' },
        { from: 'role', to: 'user' },
        { from: 'role', to: 'user' },
        { from: 'role', to: 'chained' },
        { from: 'user', to: 'late' },
        { from: 'repo', to: 'late' }, // a long edge: 'late' stays at its longest path
      ],
    });
    expect(Object.fromEntries(l.nodes.map((n) => [n.id, n.layer]))).toEqual({
      repo: 0,
      repo2: 0,
      role: 1,
      user: 2,
      chained: 2,
      late: 3,
    });
    expect(l.layers).toBe(4);
    expect(at(l, 'repo').x).toBeLessThan(at(l, 'role').x);
    expect(at(l, 'role').x).toBeLessThan(at(l, 'user').x);
    expect(overlap(l)).toBe(false);
    expect(l.edges).toHaveLength(7);
    for (const n of l.nodes) {
      expect(n.x + DEFAULT_BOX.nodeWidth).toBeLessThanOrEqual(l.width);
      expect(n.y + DEFAULT_BOX.nodeHeight).toBeLessThanOrEqual(l.height);
    }
    // the two role → user edges fan out: different paths and labels
    const [a, b] = l.edges.filter((e) => e.from === 'role' && e.to === 'user');
    expect(a!.path).not.toBe(b!.path);
    expect(a!.labelY).not.toBe(b!.labelY);
    // each edge leaves its source's right side and reaches its target's left side
    const e = l.edges.find((x) => x.from === 'repo' && x.to === 'role')!;
    expect(e.path.startsWith(`M ${at(l, 'repo').x + DEFAULT_BOX.nodeWidth} `)).toBe(true);
    expect(e.path.endsWith(` ${at(l, 'role').x} ${at(l, 'role').y + DEFAULT_BOX.nodeHeight / 2}`)).toBe(true);
  });

  it('orders a layer by its neighbours, so two separate chains do not cross', () => {
    // input order puts b1 above a1 though a0 sits above b0: barycentres swap them
    const l = layoutGraph({
      nodes: [{ id: 'a0' }, { id: 'b0' }, { id: 'b1' }, { id: 'a1' }],
      edges: [
        { from: 'a0', to: 'a1' },
        { from: 'b0', to: 'b1' },
      ],
    });
    expect(at(l, 'a0').order).toBe(0);
    expect(at(l, 'a1').order).toBe(0);
    expect(at(l, 'b1').order).toBe(1);
  });

  it('lays out a cycle (a role that re-creates its creator), a self-edge and a lone node without failing', () => {
    const l = layoutGraph({
      nodes: [{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 'alone' }],
      edges: [
        { from: 'x', to: 'y' },
        { from: 'y', to: 'z' },
        { from: 'z', to: 'x' },
        { from: 'y', to: 'y' },
        { from: 'y', to: 'gone' }, // an edge to a node not drawn is left out
      ],
    });
    expect(new Set(l.nodes.map((n) => n.layer)).size).toBe(3);
    expect(l.edges.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(l.edges.filter((e) => e.back).map((e) => e.index)).toEqual([2]);
    expect(l.edges[3]!.path).toMatch(/^M .* C /);
    expect(at(l, 'alone').layer).toBe(0);
    expect(overlap(l)).toBe(false);
  });

  it('gives the same layout for the same input (deterministic), and a single node its own box', () => {
    const input = {
      nodes: [{ id: 'p' }, { id: 'q' }, { id: 'r' }],
      edges: [
        { from: 'p', to: 'q' },
        { from: 'p', to: 'r' },
      ],
    };
    expect(layoutGraph(input)).toEqual(layoutGraph(input));
    const one = layoutGraph({ nodes: [{ id: 'only' }], edges: [] });
    expect(one.nodes).toEqual([{ id: 'only', layer: 0, order: 0, x: DEFAULT_BOX.margin, y: DEFAULT_BOX.margin }]);
    expect(one.width).toBe(DEFAULT_BOX.nodeWidth + 2 * DEFAULT_BOX.margin);
  });
});
