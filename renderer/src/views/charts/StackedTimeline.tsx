import { useRef, useState, type PointerEvent } from 'react';
import type { Marker, Timeline } from '../../../../shared/methods/workspace';
import { count } from '../../format/numbers';
import { SEVERITY_COLOR, seriesColor } from './colors';
import { brushWindow, frameOf, stackPaths, tOf, xOf } from './stack';
import { bucketLabel, durationLabel, timeTicks } from './time-axis';

interface Props {
  timeline: Timeline;
  width: number;
  height?: number;
  markers?: Marker[];
  onBrush?(window: { from: string; to: string }): void;
  onSeriesClick?(name: string): void;
  onMarkerClick?(marker: Marker): void;
  testId?: string;
  legend?: boolean;
}

const AXIS = 18;
const MARKS = 12;

/** Activity over time, stacked by series, with findings and flags as markers and a brush to zoom. */
export function StackedTimeline(p: Props) {
  const height = p.height ?? 140;
  const plotH = height - AXIS - MARKS;
  const frame = frameOf(p.timeline, p.width, plotH);
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  if (!frame) return null;
  const { paths, max } = stackPaths(p.timeline, frame);
  const ticks = timeTicks(frame.from, frame.to, Math.max(2, Math.floor(p.width / 90)));
  const localX = (e: PointerEvent) => e.clientX - (svgRef.current?.getBoundingClientRect().left ?? 0);

  const onDown = (e: PointerEvent<SVGRectElement>) => {
    if (!p.onBrush) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const x = localX(e);
    setDrag({ x0: x, x1: x });
  };
  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const x = localX(e);
    setHover(x);
    if (drag) setDrag({ ...drag, x1: x });
  };
  const onUp = () => {
    if (drag && p.onBrush) {
      const w = brushWindow(frame, drag.x0, drag.x1, p.timeline.bucket_seconds);
      if (w) p.onBrush(w);
    }
    setDrag(null);
  };
  const hoverT = hover === null ? null : tOf(frame, hover);
  const bucketMs = p.timeline.bucket_seconds * 1000;
  const hoverBucket = hoverT === null ? null : Math.floor(hoverT / bucketMs) * bucketMs;
  const hoverCount =
    hoverBucket === null ? 0 : p.timeline.points.filter((pt) => pt.t === hoverBucket).reduce((a, pt) => a + pt.n, 0);

  return (
    <div className="stacked-timeline" data-testid={p.testId} data-total={p.timeline.total}>
      <svg
        ref={svgRef}
        width={p.width}
        height={height}
        role="img"
        aria-label={`${count(p.timeline.total)} events, ${durationLabel(p.timeline.bucket_seconds)} per bar`}
      >
        <g transform={`translate(0 ${MARKS})`}>
          {paths.map((d, i) => (
            <path key={p.timeline.series[i]} d={d} fill={seriesColor(p.timeline.series[i]!, i)}>
              <title>{p.timeline.series[i]}</title>
            </path>
          ))}
          <line x1={0} x2={p.width} y1={plotH + 0.5} y2={plotH + 0.5} className="axis-line" />
          {ticks.map((t) => (
            <g key={t.t} transform={`translate(${xOf(frame, t.t)} ${plotH})`}>
              <line y1={0} y2={4} className="axis-line" />
              <text y={15} textAnchor="middle" className="axis-label">
                {t.label}
              </text>
            </g>
          ))}
          <text x={4} y={10} className="axis-label">
            {count(max)}
          </text>
        </g>
        {(p.markers ?? []).map((m) => {
          const x = xOf(frame, Date.parse(m.at));
          if (x < 0 || x > p.width) return null;
          const end = m.until ? Math.min(p.width, xOf(frame, Date.parse(m.until))) : x;
          return (
            <g
              key={`${m.kind}-${m.id}`}
              className={`marker marker-${m.kind}`}
              data-testid={`marker-${m.kind}`}
              onClick={() => p.onMarkerClick?.(m)}
            >
              {end > x + 1 && (
                <rect
                  x={x}
                  y={MARKS}
                  width={end - x}
                  height={plotH}
                  fill={SEVERITY_COLOR[m.severity] ?? '#888'}
                  opacity={0.12}
                />
              )}
              <line
                x1={x}
                x2={x}
                y1={MARKS}
                y2={MARKS + plotH}
                stroke={SEVERITY_COLOR[m.severity] ?? '#888'}
                strokeDasharray="2 2"
              />
              {m.kind === 'finding' ? (
                <path d={`M${x - 5} 0h10l-5 ${MARKS - 2}Z`} fill={SEVERITY_COLOR[m.severity] ?? '#888'} />
              ) : (
                <rect x={x - 4} y={1} width={8} height={MARKS - 3} fill={SEVERITY_COLOR[m.severity] ?? '#888'} rx={1} />
              )}
              <title>{`${m.kind === 'finding' ? 'Finding' : 'Flag'} (${m.severity}): ${m.title}\n${m.at}`}</title>
            </g>
          );
        })}
        {drag && (
          <rect
            className="brush"
            x={Math.min(drag.x0, drag.x1)}
            y={MARKS}
            width={Math.abs(drag.x1 - drag.x0)}
            height={plotH}
          />
        )}
        <rect
          className={p.onBrush ? 'brush-overlay' : 'hover-overlay'}
          data-testid={p.testId ? `${p.testId}-brush` : undefined}
          x={0}
          y={MARKS}
          width={p.width}
          height={plotH}
          fill="transparent"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerLeave={() => setHover(null)}
        />
      </svg>
      <div className="timeline-foot">
        <span className="muted">
          {durationLabel(p.timeline.bucket_seconds)} per bar
          {hoverBucket !== null ? ` · ${bucketLabel(hoverBucket)} UTC: ${count(hoverCount)} events` : ''}
          {p.onBrush ? ' · drag to zoom' : ''}
        </span>
        {p.legend !== false && (
          <span className="legend">
            {p.timeline.series.map((s, i) => (
              <button
                type="button"
                key={s}
                className="legend-item"
                onClick={() => p.onSeriesClick?.(s)}
                disabled={!p.onSeriesClick || s === '(other)'}
                title={p.onSeriesClick && s !== '(other)' ? `Filter to ${s}` : s}
              >
                <span className="swatch" style={{ background: seriesColor(s, i) }} />
                {s}
              </button>
            ))}
          </span>
        )}
      </div>
    </div>
  );
}
