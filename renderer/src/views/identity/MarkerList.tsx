import type { Marker } from '../../../../shared/methods/workspace';
import { isoUtc } from '../../format/time';

/** The findings and flags drawn on the timeline, as a list; a click zooms the timeline to that moment. */
export function MarkerList(p: { markers: Marker[] | null; onPick(m: Marker): void }) {
  return (
    <section className="top-panel" data-testid="marker-list" aria-label="Findings and flags">
      <h3>Findings and flags</h3>
      {!p.markers ? (
        <div className="muted">Loading…</div>
      ) : p.markers.length === 0 ? (
        <div className="muted">None in this window (run the analysis to add findings)</div>
      ) : (
        <table>
          <tbody>
            {p.markers.slice(0, 50).map((m) => (
              <tr key={`${m.kind}-${m.id}`} className="clickable" onClick={() => p.onPick(m)}>
                <td style={{ width: 70 }}>
                  <span className={`sev sev-${m.severity}`}>
                    {m.kind === 'finding' ? m.severity : `flag ${m.severity}`}
                  </span>
                </td>
                <td title={m.title}>{m.title}</td>
                <td className="mono" style={{ width: 150 }}>
                  {isoUtc(m.at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
