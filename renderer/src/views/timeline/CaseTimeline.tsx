import { useApi } from '../../hooks/use-api';
import { useWidth } from '../../hooks/use-width';
import type { CaseStack } from '../../store/nav';
import { useApp, useConnection } from '../../store/store-context';
import { StackedTimeline } from '../charts/StackedTimeline';
import { EmptyState } from '../EmptyState';
import { ShowSqlButton } from '../ShowSqlButton';
import { Swimlanes } from './Swimlanes';

/** All events over time, human vs machine or per source, with findings and flags; swimlanes compare identities. */
export function CaseTimeline() {
  const conn = useConnection();
  const nav = useApp((s) => s.nav);
  const go = useApp((s) => s.go);
  const setFilter = useApp((s) => s.setFilter);
  const [ref, width] = useWidth<HTMLDivElement>();
  const stack = nav.caseStack;
  const key = JSON.stringify(nav.filter);
  const timeline = useApi(
    `${key}|${stack}|${width}`,
    () => conn.api.eventTimeline({ filter: nav.filter, buckets: Math.max(10, width), stack, series: 10 }),
    width > 0,
  );
  const markers = useApi(`${nav.filter.from}|${nav.filter.to}`, () =>
    conn.api.timelineMarkers({
      ...(nav.filter.from ? { from: nav.filter.from } : {}),
      ...(nav.filter.to ? { to: nav.filter.to } : {}),
    }),
  );
  return (
    <div className="case-timeline" data-testid="case-timeline-view">
      <div className="toolbar">
        <h2>Case timeline</h2>
        <label>
          Split by{' '}
          <select
            data-testid="case-stack"
            value={stack}
            onChange={(e) => go({ caseStack: e.target.value as CaseStack })}
          >
            <option value="category">human vs machine</option>
            <option value="source">source</option>
          </select>
        </label>
        {(nav.filter.from || nav.filter.to) && (
          <button type="button" className="btn-ghost" onClick={() => setFilter({ from: undefined, to: undefined })}>
            Reset zoom
          </button>
        )}
        <button type="button" className="btn-ghost" onClick={() => go({ view: 'events', actor: null })}>
          Show these events
        </button>
        <ShowSqlButton
          what="the case timeline"
          target={
            timeline.data
              ? {
                  view: 'timeline',
                  filter: nav.filter,
                  bucket_seconds: timeline.data.bucket_seconds,
                  stack,
                  series: 10,
                }
              : null
          }
        />
      </div>
      <div ref={ref} className="chart-box">
        {timeline.error ? (
          <EmptyState title="The timeline could not be read" hint={timeline.error} tone="error" />
        ) : timeline.data?.total === 0 ? (
          <EmptyState title="No events" hint="Add evidence, or remove a filter." />
        ) : timeline.data ? (
          <StackedTimeline
            testId="case-timeline"
            timeline={timeline.data}
            width={width}
            height={200}
            markers={markers.data ?? []}
            onBrush={(w) => setFilter(w)}
            onMarkerClick={(m) => m.actor_uid && go({ view: 'identity', actor: m.actor_uid })}
          />
        ) : (
          <div className="chart-loading">Loading the timeline…</div>
        )}
      </div>
      <Swimlanes width={width} from={timeline.data?.from ?? null} to={timeline.data?.to ?? null} />
    </div>
  );
}
