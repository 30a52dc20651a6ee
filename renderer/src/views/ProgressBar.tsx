/** A determinate bar when the fraction is known, an indeterminate stripe when it is not. */
export function ProgressBar(props: { fraction: number | null; label: string; tone?: string }) {
  const pct = props.fraction === null ? null : Math.round(props.fraction * 1000) / 10;
  return (
    <div
      className={`progress${pct === null ? ' progress-indeterminate' : ''}${props.tone ? ` progress-${props.tone}` : ''}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(pct === null ? {} : { 'aria-valuenow': pct })}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
