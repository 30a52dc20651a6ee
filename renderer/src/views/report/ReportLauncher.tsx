import { useEffect, useState } from 'react';
import { useApp, useConnection } from '../../store/store-context';
import { ReportDialog } from './ReportDialog';
import { VerifyPanel } from './VerifyPanel';
import './report.css';

/** The "Report…" and "Verify…" buttons and the panel each opens (reports need a case; verifying does not). */
export function ReportLauncher() {
  const caseOpen = useApp((s) => s.caseInfo !== null);
  const [open, setOpen] = useState<{ kind: 'report' } | { kind: 'verify'; path: string } | null>(null);
  const conn = useConnection();
  // File → Export report… / Verify report… in the native menu (Electron).
  useEffect(
    () =>
      conn.onMenu?.((message) => {
        if (message.action === 'exportReport' && caseOpen) setOpen({ kind: 'report' });
        else if (message.action === 'verifyReport') setOpen({ kind: 'verify', path: '' });
      }),
    [conn, caseOpen],
  );
  return (
    <div className="report-launcher">
      <div className="report-buttons">
        {caseOpen && (
          <button
            type="button"
            className="btn-ghost"
            data-testid="open-report-dialog"
            onClick={() => setOpen({ kind: 'report' })}
          >
            Report…
          </button>
        )}
        <button
          type="button"
          className="btn-ghost"
          data-testid="open-verify-panel"
          onClick={() => setOpen({ kind: 'verify', path: '' })}
        >
          Verify report…
        </button>
      </div>
      {open?.kind === 'report' && caseOpen && (
        <ReportDialog onClose={() => setOpen(null)} onVerify={(path) => setOpen({ kind: 'verify', path })} />
      )}
      {open?.kind === 'verify' && <VerifyPanel initialPath={open.path} onClose={() => setOpen(null)} />}
    </div>
  );
}
