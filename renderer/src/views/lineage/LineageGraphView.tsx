import { useState } from 'react';
import { count } from '../../format/numbers';
import { isoUtc } from '../../format/time';
import { useApi } from '../../hooks/use-api';
import { useApp, useConnection } from '../../store/store-context';
import { EmptyState } from '../EmptyState';
import { EventDetailPane } from '../EventDetailPane';
import { EdgeEvidence } from './EdgeEvidence';
import { GraphCanvas } from './GraphCanvas';
import { nodeWindow } from './graph-model';
import './lineage-graph.css';

const DEPTHS = [1, 2, 3, 4, 5, 6];

/**
 * The case-wide graph of the chains around a finding (its identity's links in its window) or an identity: who
 * obtained whose credentials, up and down. A box opens its identity at the time of its hops; a curve shows its
 * evidence, each event one click away.
 */
export function LineageGraphView() {
  const conn = useConnection();
  const nav = useApp((s) => s.nav);
  const go = useApp((s) => s.go);
  const detailOpen = useApp((s) => s.selectedEventUid !== null);
  // The hop whose evidence is open, for the graph it was picked in (another graph closes it).
  const [picked, setPicked] = useState<{ key: string; edge: number } | null>(null);
  const graphNav = nav.graph ?? {};
  const depth = graphNav.depth ?? 3;
  const finding = graphNav.finding;
  const allTime = !!graphNav.all_time;
  const key = JSON.stringify([nav.actor, finding, allTime, depth]);
  const graph = useApi(
    key,
    () => conn.api.lineageGraph(finding ? { finding, all_time: allTime, depth } : { actor_uid: nav.actor!, depth }),
    !!(finding || nav.actor),
  );
  if (!finding && !nav.actor)
    return (
      <EmptyState
        title="No finding or identity chosen"
        hint="Open a finding's chain (Show its chain) or an identity's lineage graph from its Lineage panel."
      />
    );
  const g = graph.data;
  const setGraph = (patch: typeof graphNav) => go({ graph: { ...graphNav, ...patch } });
  const edge = picked?.key === key ? picked.edge : null;
  const setEdge = (i: number | null) => setPicked(i === null ? null : { key, edge: i });
  const selected = g && edge !== null ? g.edges[edge] : undefined;
  return (
    <div className={`lineage-view${detailOpen ? ' with-detail' : ''}`} data-testid="lineage-view">
      <div className="lineage-main">
        <div className="toolbar">
          <h2 className="lineage-title">
            {g?.finding ? (
              <>
                Chains around <span className="lineage-finding">{g.finding.title}</span>
              </>
            ) : (
              <>Chains through {g?.nodes.find((n) => n.actor_uid === g.root)?.name ?? nav.actor}</>
            )}
          </h2>
          <label>
            Hops each way{' '}
            <select
              data-testid="graph-depth"
              value={depth}
              onChange={(e) => setGraph({ depth: Number(e.target.value) })}
            >
              {DEPTHS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          {finding && (
            <label title="The finding's identity: only the sessions and keys it had, and what it issued, in the finding's window">
              <input
                type="checkbox"
                data-testid="graph-window"
                checked={!allTime}
                onChange={(e) => setGraph({ all_time: !e.target.checked })}
              />{' '}
              only the finding's window
            </label>
          )}
          <span className="spacer" />
          <span className="lineage-legend muted" aria-hidden="true">
            <span className="lg-key cat-machine">machine</span>
            <span className="lg-key cat-human">human</span>
            <span className="lg-key cat-unknown">unknown</span>
            <span className="lg-key-line">dashed: inferred</span>
          </span>
        </div>
        {g && (
          <div className="lineage-notes muted" data-testid="graph-notes">
            {g.window && (
              <span>
                {g.nodes.find((n) => n.actor_uid === g.root)?.name ?? g.root}: only its links active from{' '}
                {isoUtc(g.window.from)} to {isoUtc(g.window.to)}
                {g.outside_window ? ` (${count(g.outside_window)} issuances outside it)` : ''}.{' '}
              </span>
            )}
            {g.capped ? (
              <span data-testid="graph-capped">
                {count(g.nodes.length)} of {count(g.reached)} identities reached: the nearest, then the most used. Fewer
                hops narrow it.{' '}
              </span>
            ) : (
              <span>
                {count(g.nodes.length)} {g.nodes.length === 1 ? 'identity' : 'identities'}, {count(g.edges.length)}{' '}
                {g.edges.length === 1 ? 'hop' : 'hops'}.{' '}
              </span>
            )}
            <span>A box opens the identity at the time of its hops; a curve shows its evidence.</span>
          </div>
        )}
        <div className="lineage-canvas">
          {graph.error ? (
            <EmptyState title="The lineage could not be read" hint={graph.error} tone="error" />
          ) : !g ? (
            <EmptyState title="Loading the lineage…" />
          ) : g.edges.length === 0 ? (
            <EmptyState
              title="No issuance or creation recorded on this chain"
              hint={
                g.window && g.outside_window ? 'Untick "only the finding\'s window" for its other links.' : undefined
              }
            />
          ) : (
            <GraphCanvas
              graph={g}
              selectedEdge={edge}
              onEdge={setEdge}
              onNode={(uid) => go({ view: 'identity', actor: uid, filter: nodeWindow(g, uid) })}
            />
          )}
        </div>
        {g && selected && <EdgeEvidence graph={g} edge={selected} onClose={() => setEdge(null)} />}
      </div>
      {detailOpen && <EventDetailPane />}
    </div>
  );
}
