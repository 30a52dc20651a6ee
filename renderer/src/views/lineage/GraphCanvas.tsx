import type { KeyboardEvent } from 'react';
import type { LineageGraph, LineageGraphNode } from '../../../../shared/methods/lineage';
import { count } from '../../format/numbers';
import { DEFAULT_BOX, layoutGraph } from './graph-layout';
import { layoutInput, UNSEEN } from './graph-model';
import { KIND_LABEL } from '../identity/LineagePanel';

const { nodeWidth: W, nodeHeight: H } = DEFAULT_BOX;
const MAX_CHARS = 34;

const cut = (s: string, n = MAX_CHARS) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Enter or Space activates a focused box or edge, as a button would. */
const activate = (fn: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    fn();
  }
};

/**
 * The graph drawn as SVG: an identity per box (its category's colour, the root outlined, a badge for its open
 * findings), a curve per hop labelled with its kind and calls. Boxes and curves are focusable buttons.
 */
export function GraphCanvas(p: {
  graph: LineageGraph;
  selectedEdge: number | null;
  onNode: (uid: string) => void;
  onEdge: (index: number) => void;
}) {
  const g = p.graph;
  const layout = layoutGraph(layoutInput(g));
  const byUid = new Map(g.nodes.map((n) => [n.actor_uid, n]));
  const label = (n: LineageGraphNode | undefined, uid: string) => n?.name ?? uid;
  return (
    <svg
      className="lineage-graph"
      data-testid="lineage-graph"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label="Lineage graph"
    >
      <defs>
        <marker
          id="lg-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerUnits="userSpaceOnUse"
          markerWidth="10"
          markerHeight="10"
          orient="auto"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" className="lg-arrow" />
        </marker>
      </defs>
      {layout.edges.map((r) => {
        const e = g.edges[r.index]!;
        const from = label(byUid.get(e.parent_uid), e.parent_uid);
        const to = e.child_uid ? label(byUid.get(e.child_uid), e.child_uid) : 'a key no identity was seen using';
        const text = `${KIND_LABEL[e.kind]} · ${count(e.use_count)} ${e.use_count === 1 ? 'call' : 'calls'}`;
        return (
          <g
            key={`e${r.index}`}
            className={`lg-edge${p.selectedEdge === r.index ? ' selected' : ''}${e.confidence < 1 ? ' inferred' : ''}`}
            data-testid="graph-edge"
            data-kind={e.kind}
            data-from={e.parent_uid}
            data-to={e.child_uid ?? ''}
            role="button"
            tabIndex={0}
            aria-pressed={p.selectedEdge === r.index}
            aria-label={`${KIND_LABEL[e.kind]} from ${from} to ${to}: ${e.issuances} issued, ${e.use_count} calls, confidence ${e.confidence}. Show its evidence`}
            onClick={() => p.onEdge(r.index)}
            onKeyDown={activate(() => p.onEdge(r.index))}
          >
            <title>{`${text}\n${e.matched}`}</title>
            <path className="lg-edge-hit" d={r.path} />
            <path className="lg-edge-line" d={r.path} markerEnd="url(#lg-arrow)" />
            <text className="lg-edge-label" x={r.labelX} y={r.labelY - 4} textAnchor="middle">
              {text}
            </text>
          </g>
        );
      })}
      {layout.nodes.map((placed) => {
        if (placed.id.startsWith(UNSEEN)) {
          const e = g.edges[Number(placed.id.slice(UNSEEN.length))]!;
          return (
            <g key={placed.id} className="lg-node unseen" transform={`translate(${placed.x},${placed.y})`}>
              <rect width={W} height={H} rx={6} />
              <text x={10} y={22} className="lg-node-name mono">
                {cut(e.credentials[0] ?? 'no key named')}
              </text>
              <text x={10} y={42} className="lg-node-sub">
                no identity seen using it
              </text>
            </g>
          );
        }
        const n = byUid.get(placed.id)!;
        const root = n.actor_uid === g.root;
        const sub = [n.kind ?? 'not in the case', n.account_uid].filter(Boolean).join(' · ');
        return (
          <g
            key={placed.id}
            className={`lg-node cat-${n.category ?? 'none'}${root ? ' root' : ''}`}
            transform={`translate(${placed.x},${placed.y})`}
            data-testid="graph-node"
            data-actor={n.actor_uid}
            data-root={root ? 'true' : undefined}
            role="button"
            tabIndex={0}
            aria-label={`${label(n, n.actor_uid)} (${n.category ?? 'unknown'} ${n.kind ?? ''})${
              n.findings ? `, ${n.findings} findings, strongest ${n.max_severity}` : ''
            }. Open this identity`}
            onClick={() => p.onNode(n.actor_uid)}
            onKeyDown={activate(() => p.onNode(n.actor_uid))}
          >
            <title>{n.actor_uid}</title>
            <rect width={W} height={H} rx={6} />
            <rect className="lg-node-band" width={5} height={H} rx={2} />
            <text x={14} y={22} className="lg-node-name">
              {cut(label(n, n.actor_uid), n.findings ? MAX_CHARS - 4 : MAX_CHARS)}
            </text>
            <text x={14} y={42} className="lg-node-sub">
              {cut(sub, 40)}
            </text>
            {n.findings > 0 && (
              <g className={`lg-badge sev-${n.max_severity}`} transform={`translate(${W - 30},8)`}>
                <rect width={24} height={17} rx={8} />
                <text x={12} y={12.5} textAnchor="middle">
                  {n.findings}
                </text>
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}
