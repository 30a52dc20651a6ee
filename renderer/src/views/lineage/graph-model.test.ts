import { describe, expect, it } from 'vitest';
import type { LineageGraph, LineageGraphEdge } from '../../../../shared/methods/lineage';
import { layoutInput, nodeWindow, soleKey, UNSEEN } from './graph-model';

const edge = (over: Partial<LineageGraphEdge>): LineageGraphEdge => ({
  kind: 'access_key',
  source: 'cloudtrail',
  parent_uid: 'role',
  child_uid: 'user',
  issuances: 1,
  first_issued: '2026-10-09T02:18:00Z',
  last_issued: '2026-10-09T02:18:00Z',
  credentials: ['AKIAEXAMPLE'],
  issue_event_uids: ['e1'],
  first_use_event_uids: ['e2'],
  use_count: 10,
  first_use: '2026-10-09T02:30:20Z',
  last_use: '2026-10-09T02:34:50Z',
  confidence: 1,
  matched: 'm',
  ...over,
});

const node = (actor_uid: string) => ({
  actor_uid,
  name: actor_uid,
  category: 'machine' as const,
  kind: 'iam_role',
  account_uid: null,
  hops: 0,
  up: true,
  down: true,
  findings: 0,
  max_severity: null,
});

const graph = (over: Partial<LineageGraph>): LineageGraph => ({
  root: 'role',
  finding: null,
  window: null,
  outside_window: 0,
  depth: 3,
  nodes: [node('role'), node('user'), node('repo')],
  edges: [],
  reached: 3,
  max_nodes: 60,
  capped: false,
  ...over,
});

describe('lineage graph model', () => {
  it('opens an identity at the span of its hops, in whole hours with an hour either side', () => {
    const g = graph({
      edges: [
        edge({}),
        edge({
          kind: 'oidc_federation',
          parent_uid: 'repo',
          child_uid: 'role',
          first_issued: '2026-10-09T02:16:20Z',
          last_issued: '2026-10-09T02:16:20Z',
          first_use: '2026-10-09T02:17:00Z',
          last_use: '2026-10-09T02:18:00Z',
        }),
      ],
    });
    expect(nodeWindow(g, 'user')).toEqual({ from: '2026-10-09T01:00:00.000Z', to: '2026-10-09T04:00:00.000Z' });
    expect(nodeWindow(g, 'repo')).toEqual({ from: '2026-10-09T01:00:00.000Z', to: '2026-10-09T04:00:00.000Z' });
    // the root: its whole timeline, or a finding's window
    expect(nodeWindow(g, 'role')).toEqual({});
    const f = graph({ finding: { id: 'f', title: 't', start: '2026-10-09T02:16:20Z', end: '2026-10-09T02:18:00Z' } });
    expect(nodeWindow(f, 'role')).toEqual({ from: '2026-10-09T01:00:00.000Z', to: '2026-10-09T04:00:00.000Z' });
    expect(nodeWindow(g, 'nobody')).toEqual({});
  });

  it('draws a key no identity was seen using as a box of its own, and names the one key of an edge', () => {
    const g = graph({ edges: [edge({}), edge({ child_uid: null, credentials: ['AKIA1', 'AKIA2'] })] });
    const input = layoutInput(g);
    expect(input.nodes.map((n) => n.id)).toEqual(['role', 'user', 'repo', `${UNSEEN}1`]);
    expect(input.edges).toEqual([
      { from: 'role', to: 'user' },
      { from: 'role', to: `${UNSEEN}1` },
    ]);
    expect(soleKey(g.edges[0]!)).toBe('AKIAEXAMPLE');
    expect(soleKey(g.edges[1]!)).toBeNull();
  });
});
