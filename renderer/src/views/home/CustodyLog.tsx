import { useApi } from '../../hooks/use-api';
import { isoUtc } from '../../format/time';
import { useApp, useConnection } from '../../store/store-context';

/** What was done to the case, by whom and when, newest first; ingest file-by-file lines are folded away. */
export function CustodyLog() {
  const conn = useConnection();
  const entries = useApp((s) => s.caseInfo?.custody.entries ?? 0);
  const log = useApi(String(entries), () => conn.api.listCustody({ limit: 400 }));
  const rows = (log.data?.rows ?? [])
    .filter((r) => r.action !== 'evidence.added' && r.action !== 'case.opened')
    .slice(0, 50);
  return (
    <section className="card">
      <h3>Custody log ({log.data?.total ?? '…'} entries; the latest actions)</h3>
      <div className="table-scroll home-evidence" tabIndex={0} role="region" aria-label="Custody log">
        <table className="plain-table" data-testid="custody-log">
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq} data-action={r.action}>
                <td className="mono">{r.seq}</td>
                <td className="mono">{isoUtc(r.at)}</td>
                <td className="mono">{r.by}</td>
                <td>{r.action}</td>
                <td className="mono muted" title={JSON.stringify(r.detail)}>
                  {JSON.stringify(r.detail).slice(0, 160)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
