import { useApp } from '../store/store-context';
import { CaseOpener } from './CaseOpener';
import { CustodyStatus } from './CustodyStatus';
import { ReportLauncher } from './report/ReportLauncher';

export function TopBar() {
  const info = useApp((s) => s.caseInfo);
  const version = useApp((s) => s.appVersion);
  return (
    <header className="top-bar">
      <div className="brand" title={version ? `Trailmark ${version}` : 'Trailmark'}>
        <span className="brand-mark" aria-hidden="true" />
        Trailmark
      </div>
      <div className="case-title">
        {info ? (
          <>
            <span className="case-name">{info.name}</span>
            <span className="case-path mono" title={info.path}>
              {info.path}
            </span>
          </>
        ) : (
          <span className="muted">No case open</span>
        )}
      </div>
      {info && <CustodyStatus custody={info.custody} />}
      <CaseOpener />
      <ReportLauncher />
    </header>
  );
}
