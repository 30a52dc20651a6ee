import type { CaseInfo } from '../../../../shared/model';
import { count } from '../../format/numbers';
import { isoUtc } from '../../format/time';

/** Hours in which a source / account / region fell silent where its own pattern says it should not (from ingest). */
export function LogGaps({ gaps }: { gaps: CaseInfo['gaps'] }) {
  return (
    <section className="card">
      <h3>
        Log gaps ({count(gaps.total)} in {count(gaps.streams)} streams with a pattern)
      </h3>
      {gaps.total === 0 ? (
        <span className="muted">None: every stream has events wherever its own pattern says it should.</span>
      ) : (
        <table className="plain-table" data-testid="gaps-table">
          <tbody>
            {gaps.gaps.map((g, n) => (
              <tr key={n}>
                <td className="mono">{[g.source, g.account_uid ?? '–', g.region ?? '–'].join(' / ')}</td>
                <td className="mono">
                  {isoUtc(g.start)} → {isoUtc(g.end)}
                </td>
                <td className="num">{count(g.hours)} h</td>
                <td>{g.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
