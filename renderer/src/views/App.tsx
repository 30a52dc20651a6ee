import { useEffect } from 'react';
import { useApp, useConnection } from '../store/store-context';
import { CaseSummary } from './CaseSummary';
import { CustodyAlert } from './CustodyAlert';
import { EmptyState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { FindingsPanel } from './findings/FindingsPanel';
import { EventDetailPane } from './EventDetailPane';
import { EventPane } from './EventPane';
import { IdentityPane } from './IdentityPane';
import { IngestPanel } from './IngestPanel';
import { TopBar } from './TopBar';
import { ReportLauncher } from './report/ReportLauncher';

export function App() {
  const init = useApp((s) => s.init);
  const info = useApp((s) => s.caseInfo);
  const loading = useApp((s) => s.caseLoading);
  const detailOpen = useApp((s) => s.selectedEventUid !== null);
  const conn = useConnection();
  const pickAndOpenCase = useApp((s) => s.pickAndOpenCase);
  const pickAndIngest = useApp((s) => s.pickAndIngest);
  const caseOpenedElsewhere = useApp((s) => s.caseOpenedElsewhere);

  useEffect(() => {
    void init();
  }, [init]);

  // The native menu (Electron only): File → Open case…, Add evidence…, and cases the OS asked us to open.
  useEffect(
    () =>
      conn.onMenu?.((message) => {
        if (message.action === 'openCase') void pickAndOpenCase(false);
        else if (message.action === 'addEvidence') void pickAndIngest();
        else if (message.action === 'caseOpened') void caseOpenedElsewhere();
      }),
    [conn, pickAndOpenCase, pickAndIngest, caseOpenedElsewhere],
  );

  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <ReportLauncher />
      {info ? (
        <>
          <CustodyAlert custody={info.custody} />
          <CaseSummary info={info} />
          <IngestPanel />
          {/* The detail pane takes room only while an event is open, so the table gets every column otherwise. */}
          <div className={`workspace${detailOpen ? ' with-detail' : ''}`}>
            <IdentityPane />
            <EventPane />
            {detailOpen && <EventDetailPane />}
          </div>
          <FindingsPanel />
        </>
      ) : loading ? (
        <EmptyState title="Loading…" />
      ) : (
        <EmptyState
          title="No case open — open or create one"
          hint={
            conn.pickPath
              ? 'Use Open case… for an existing NAME.trailmark folder, or New case… to start one.'
              : 'Type the path of a NAME.trailmark folder above, then Open (existing) or Create (new).'
          }
        />
      )}
    </div>
  );
}
