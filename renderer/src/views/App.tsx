import { useEffect } from 'react';
import { useGlobalKeys } from '../hooks/use-global-keys';
import { useApp, useAppStore, useConnection } from '../store/store-context';
import { CaseSummary } from './CaseSummary';
import { CustodyAlert } from './CustodyAlert';
import { DialogHost } from './dialogs/DialogHost';
import { EmptyState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { Notice } from './Notice';
import { FindingsPanel } from './findings/FindingsPanel';
import { EventDetailPane } from './EventDetailPane';
import { EventPane } from './EventPane';
import { IdentityExplorer } from './explorer/IdentityExplorer';
import { FlagsView } from './flags/FlagsView';
import { CaseHome } from './home/CaseHome';
import { IdentityPage } from './identity/IdentityPage';
import { IdentityPane } from './identity/IdentityPane';
import { IngestPanel } from './IngestPanel';
import { LineageGraphView } from './lineage/LineageGraphView';
import { NavBar } from './NavBar';
import { QueryTab } from './query/QueryTab';
import { CaseTimeline } from './timeline/CaseTimeline';
import { TopBar } from './TopBar';
import type { ViewDef } from './views';

/** Identities beside their events, the detail pane only while an event is open. */
function EventsView() {
  const detailOpen = useApp((s) => s.selectedEventUid !== null);
  return (
    <div className={`workspace${detailOpen ? ' with-detail' : ''}`}>
      <IdentityPane />
      <EventPane />
      {detailOpen && <EventDetailPane />}
    </div>
  );
}

/** The workspace's views, in tab order. Another area adds its view with one line here. */
const VIEWS: ViewDef[] = [
  { id: 'home', label: 'Case', key: '1', component: CaseHome },
  { id: 'identities', label: 'Identities', key: '2', component: IdentityExplorer },
  { id: 'identity', label: 'Identity', key: '3', component: IdentityPage },
  { id: 'timeline', label: 'Timeline', key: '4', component: CaseTimeline },
  { id: 'events', label: 'Events', key: '5', component: EventsView },
  { id: 'flags', label: 'Flags', key: '6', component: FlagsView },
  { id: 'findings', label: 'Findings', key: '7', component: FindingsPanel },
  { id: 'query', label: 'Query', key: '8', component: QueryTab },
  { id: 'lineage', label: 'Lineage', key: '9', component: LineageGraphView },
];

export function App() {
  const init = useApp((s) => s.init);
  const info = useApp((s) => s.caseInfo);
  const loading = useApp((s) => s.caseLoading);
  const view = useApp((s) => s.nav.view);
  const conn = useConnection();
  const store = useAppStore();
  const pickAndOpenCase = useApp((s) => s.pickAndOpenCase);
  const pickAndIngest = useApp((s) => s.pickAndIngest);
  const caseOpenedElsewhere = useApp((s) => s.caseOpenedElsewhere);
  const startIngest = useApp((s) => s.startIngest);
  const startDemo = useApp((s) => s.startDemo);
  useGlobalKeys(store, VIEWS);

  useEffect(() => {
    void init();
  }, [init]);

  // The native menu (Electron only): File → New / Open case…, Add evidence…, cases the OS asked us to open, the demo.
  // Export report… and Verify report… are handled by ReportLauncher.
  useEffect(
    () =>
      conn.onMenu?.((message) => {
        if (message.action === 'openCase') void pickAndOpenCase(false);
        else if (message.action === 'newCase') void pickAndOpenCase(true);
        else if (message.action === 'addEvidence') void (message.paths ? startIngest(message.paths) : pickAndIngest());
        else if (message.action === 'caseOpened') void caseOpenedElsewhere();
        else if (message.action === 'openDemo') void startDemo();
      }),
    [conn, pickAndOpenCase, pickAndIngest, startIngest, caseOpenedElsewhere, startDemo],
  );

  const Current = (VIEWS.find((v) => v.id === view) ?? VIEWS.find((v) => v.id === 'events')!).component;
  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <Notice />
      {info ? (
        <>
          <CustodyAlert custody={info.custody} />
          <CaseSummary info={info} />
          <IngestPanel />
          <NavBar views={VIEWS} />
          <div className="view" data-view={view}>
            <Current />
          </div>
          <DialogHost />
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
          action={
            <button type="button" data-testid="open-demo" onClick={() => void startDemo()}>
              Open the demo case
            </button>
          }
        />
      )}
    </div>
  );
}
