import { useState } from 'react';
import type { TopDimension, ValueOrder } from '../../../../shared/methods/workspace';
import { useApi } from '../../hooks/use-api';
import { useWidth } from '../../hooks/use-width';
import { eventQueryFilter } from '../../store/event-slice';
import { MAX_COMPARE, type IdentityStack } from '../../store/nav';
import { useApp, useConnection } from '../../store/store-context';
import { Heatmap } from '../charts/Heatmap';
import { StackedTimeline } from '../charts/StackedTimeline';
import { EmptyState } from '../EmptyState';
import { EventDetailPane } from '../EventDetailPane';
import { EventPane } from '../EventPane';
import { SelectedIdentity } from './SelectedIdentity';
import { ShowSqlButton } from '../ShowSqlButton';
import { CredentialsPanel } from './CredentialsPanel';
import { LineagePanel } from './LineagePanel';
import { MarkerList } from './MarkerList';
import { TopPanel } from './TopPanel';

const DIMENSIONS = [
  'operation',
  'service',
  'target',
  'src_ip',
  'user_agent',
  'region',
  'credential',
  'session',
] as const;

/** One identity: behaviour over time (brush to zoom everything below), when it works, what it touches, from where. */
export function IdentityPage() {
  const conn = useConnection();
  const nav = useApp((s) => s.nav);
  const identity = useApp((s) => s.selectedIdentity);
  const go = useApp((s) => s.go);
  const setFilter = useApp((s) => s.setFilter);
  const openDialog = useApp((s) => s.openDialog);
  const detailOpen = useApp((s) => s.selectedEventUid !== null);
  const [chartRef, width] = useWidth<HTMLDivElement>();
  const filter = eventQueryFilter(nav);
  const key = JSON.stringify(filter);
  const enabled = nav.actor !== null;

  const timeline = useApi(
    `${key}|${nav.stack}|${width}`,
    () => conn.api.eventTimeline({ filter, buckets: Math.max(10, width), stack: nav.stack, series: 8 }),
    enabled && width > 0,
  );
  const markers = useApi(
    `${nav.actor}|${nav.filter.from}|${nav.filter.to}`,
    () =>
      conn.api.timelineMarkers({
        actor_uids: [nav.actor!],
        ...(nav.filter.from ? { from: nav.filter.from } : {}),
        ...(nav.filter.to ? { to: nav.filter.to } : {}),
      }),
    enabled,
  );
  const heat = useApi(key, () => conn.api.eventHeatmap({ filter }), enabled);
  // Rarest first shows the one-off address or user agent that the busiest eight would hide.
  const [order, setOrder] = useState<ValueOrder>('top');
  const top = useApi(
    `${key}|${order}`,
    () => conn.api.topValues({ filter, dimensions: [...DIMENSIONS], limit: 8, order }),
    enabled,
  );

  if (!nav.actor)
    return (
      <EmptyState
        title="No identity chosen"
        hint="Pick one in the Identities view (Enter opens it), or from an event's detail."
      />
    );
  const isRole = identity?.kind.includes('role') ?? false;
  const topSql = (dimension: TopDimension) => ({ view: 'top_values' as const, filter, dimension, limit: 8, order });
  const findings = (markers.data ?? []).filter((m) => m.kind === 'finding').length;
  const compare = () =>
    go({ view: 'timeline', compare: [...new Set([...nav.compare, nav.actor!])].slice(-MAX_COMPARE) });

  return (
    <div className="identity-page" data-testid="identity-page" data-actor={nav.actor}>
      {identity && identity.actor_uid === nav.actor && (
        <SelectedIdentity identity={identity} onClear={() => go({ view: 'identities', actor: null })} />
      )}
      <div className="toolbar">
        <label>
          Stack by{' '}
          <select
            data-testid="stack-by"
            value={nav.stack}
            onChange={(e) => go({ stack: e.target.value as IdentityStack })}
          >
            <option value="operation">operation</option>
            <option value="service">service</option>
            <option value="outcome">outcome</option>
          </select>
        </label>
        {(nav.filter.from || nav.filter.to) && (
          <button
            type="button"
            className="btn-ghost"
            data-testid="reset-zoom"
            onClick={() => setFilter({ from: undefined, to: undefined })}
          >
            Reset zoom
          </button>
        )}
        <label>
          Lists{' '}
          <select data-testid="top-order" value={order} onChange={(e) => setOrder(e.target.value as ValueOrder)}>
            <option value="top">most frequent</option>
            <option value="rare">rarest first</option>
          </select>
        </label>
        <span className="muted" data-testid="finding-count">
          {findings ? `${findings} findings on the timeline` : 'No findings'}
        </span>
        <span className="spacer" />
        <ShowSqlButton
          what="the timeline"
          target={
            timeline.data
              ? { view: 'timeline', filter, bucket_seconds: timeline.data.bucket_seconds, stack: nav.stack, series: 8 }
              : null
          }
        />
        <button type="button" className="btn-ghost" onClick={compare} title="Add to the case timeline's swimlanes">
          Compare
        </button>
        <button
          type="button"
          className="btn-ghost"
          data-testid="flag-identity"
          onClick={() =>
            openDialog({
              kind: 'flag',
              target_kind: 'identity',
              target_id: nav.actor!,
              label: identity?.display_name ?? nav.actor!,
            })
          }
        >
          Flag identity…
        </button>
        {(nav.filter.from || nav.filter.to) && (
          <button
            type="button"
            className="btn-ghost"
            data-testid="flag-range"
            onClick={() =>
              openDialog({
                kind: 'flag',
                target_kind: 'range',
                target_id: `${nav.filter.from ?? identity?.first_seen}/${nav.filter.to ?? identity?.last_seen}@${nav.actor}`,
                label: `${nav.filter.from ?? '…'} → ${nav.filter.to ?? '…'}`,
              })
            }
          >
            Flag this range…
          </button>
        )}
        <button
          type="button"
          className="btn-ghost"
          data-testid="reclassify"
          disabled={!identity}
          onClick={() =>
            identity &&
            openDialog({
              kind: 'reclassify',
              actor_uid: identity.actor_uid,
              label: identity.display_name,
              category: identity.category,
            })
          }
        >
          Change classification…
        </button>
      </div>
      <div ref={chartRef} className="chart-box">
        {timeline.error ? (
          <EmptyState title="The timeline could not be read" hint={timeline.error} tone="error" />
        ) : timeline.data && timeline.data.total === 0 ? (
          <EmptyState title="No events in this window" hint="Reset the zoom or remove a filter." />
        ) : timeline.data ? (
          <StackedTimeline
            testId="identity-timeline"
            timeline={timeline.data}
            width={width}
            height={170}
            markers={markers.data ?? []}
            onBrush={(w) => setFilter(w)}
            onSeriesClick={(s) => setFilter(nav.stack === 'outcome' ? { outcome: s as 'success' } : { [nav.stack]: s })}
          />
        ) : (
          <div className="chart-loading">Loading the timeline…</div>
        )}
      </div>
      <div className="panels">
        <MarkerList
          markers={markers.data}
          onPick={(m) => {
            // An hour either side of the marker (or its own window).
            const at = Date.parse(m.at);
            const until = m.until ? Date.parse(m.until) : at;
            setFilter({ from: new Date(at - 3600e3).toISOString(), to: new Date(until + 3600e3).toISOString() });
          }}
        />
        <section className="top-panel heat-panel">
          <h3>Hour of day × weekday (UTC)</h3>
          {heat.data ? <Heatmap cells={heat.data} /> : <div className="muted">Loading…</div>}
        </section>
        <TopPanel
          title="Operations"
          dim="operation"
          rows={top.data?.operation}
          sql={topSql('operation')}
          onPick={(v) => setFilter({ operation: v })}
          pickTitle="Filter to this operation"
        />
        <TopPanel
          title="Services"
          dim="service"
          rows={top.data?.service}
          sql={topSql('service')}
          onPick={(v) => setFilter({ service: v })}
          pickTitle="Filter to this service"
        />
        <TopPanel
          title="Source IPs"
          dim="src_ip"
          rows={top.data?.src_ip}
          sql={topSql('src_ip')}
          onPick={(v) => setFilter({ ip: v })}
          pickTitle="Filter to this address"
          onWide={(v) => go({ view: 'events', actor: null, filter: { ip: v } })}
          wideTitle="Everything else from this address"
        />
        <TopPanel
          title="User agents"
          dim="user_agent"
          rows={top.data?.user_agent}
          sql={topSql('user_agent')}
          onPick={(v) => setFilter({ user_agent: v })}
        />
        <TopPanel
          title="Targets (what its calls acted on)"
          dim="target"
          rows={top.data?.target}
          sql={topSql('target')}
          onPick={(v) => setFilter({ target: v })}
          pickTitle="Filter to the calls on this target"
          onWide={(v) => go({ view: 'events', actor: null, filter: { target: v } })}
          wideTitle="Every identity's calls on this target"
        />
        <TopPanel title="Regions" dim="region" rows={top.data?.region} sql={topSql('region')} />
        <TopPanel
          title="Credentials (access keys, tokens)"
          dim="credential"
          rows={top.data?.credential}
          sql={topSql('credential')}
          onPick={(v) => setFilter({ text: v })}
        />
        {isRole && (
          <TopPanel
            title="Sessions"
            dim="session"
            rows={top.data?.session}
            sql={topSql('session')}
            onPick={(v) => setFilter({ text: v })}
          />
        )}
        <CredentialsPanel actor={nav.actor} version={String(identity?.event_count ?? '')} />
        <LineagePanel actor={nav.actor} version={String(identity?.event_count ?? '')} />
      </div>
      <div className={`identity-events${detailOpen ? ' with-detail' : ''}`}>
        <EventPane compact title="Events in view" />
        {detailOpen && <EventDetailPane />}
      </div>
    </div>
  );
}
