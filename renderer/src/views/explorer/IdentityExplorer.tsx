import { useCallback, useEffect } from 'react';
import type { IdentityFacetFilter, IdentitySort } from '../../../../shared/methods/workspace';
import type { Category } from '../../../../shared/model';
import { count } from '../../format/numbers';
import { compactUtc } from '../../format/time';
import { usePagedVirtualList } from '../../hooks/use-paged-virtual-list';
import { rowAt } from '../../store/paged';
import { useApp } from '../../store/store-context';
import { CategoryBadge } from '../CategoryBadge';
import { EmptyState } from '../EmptyState';
import { FacetList } from './FacetList';
import { ExplorerSearch } from './ExplorerSearch';
import { ShowSqlButton } from '../ShowSqlButton';

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 28;
const GRID = 'minmax(220px, 2fr) 92px minmax(120px, 1fr) 96px 120px 84px 76px 136px 136px 28px';
const COLUMNS: { label: string; sort?: IdentitySort; num?: boolean }[] = [
  { label: 'Identity', sort: 'name' },
  { label: 'Category' },
  { label: 'Kind' },
  { label: 'Source' },
  { label: 'Account' },
  { label: 'Events', sort: 'events', num: true },
  { label: 'Findings', sort: 'findings', num: true },
  { label: 'First seen', sort: 'first_seen' },
  { label: 'Last seen', sort: 'last_seen' },
  { label: '' },
];

/** Every identity, faceted and sorted in DuckDB, virtualized; Enter or a click opens the identity page. */
export function IdentityExplorer() {
  const paged = useApp((s) => s.explorerRows);
  const load = useApp((s) => s.loadExplorer);
  const reload = useApp((s) => s.reloadExplorer);
  const facets = useApp((s) => s.facets);
  const explorer = useApp((s) => s.nav.explorer);
  const go = useApp((s) => s.go);
  const openDialog = useApp((s) => s.openDialog);

  // Facet counts are read when the view first shows (later changes re-read them through nav effects).
  useEffect(() => {
    if (!facets) reload();
  }, [facets, reload]);

  const pick = (patch: Partial<IdentityFacetFilter> & { sort?: IdentitySort }) =>
    go({ explorer: { ...explorer, ...patch } });
  const onActivate = useCallback(
    (index: number) => {
      const row = rowAt(paged, index);
      if (row) go({ view: 'identity', actor: row.actor_uid, filter: {} });
    },
    [paged, go],
  );
  const list = usePagedVirtualList({
    count: paged.total ?? 0,
    rowHeight: ROW_HEIGHT,
    pagedKey: paged.key,
    load,
    onActivate,
    headerHeight: HEADER_HEIGHT,
  });

  return (
    <div className="explorer">
      <aside className="facets" aria-label="Facets">
        <FacetList
          title="Category"
          facet="category"
          values={facets?.category}
          picked={explorer.category}
          onPick={(v) => pick({ category: v as Category | undefined })}
        />
        <FacetList
          title="Has findings"
          facet="has_findings"
          values={facets?.has_findings}
          picked={explorer.has_findings === undefined ? undefined : explorer.has_findings ? 'yes' : 'no'}
          onPick={(v) => pick({ has_findings: v === undefined ? undefined : v === 'yes' })}
        />
        <FacetList
          title="Kind"
          facet="kind"
          values={facets?.kind}
          picked={explorer.kind}
          onPick={(v) => pick({ kind: v })}
        />
        <FacetList
          title="Source"
          facet="source"
          values={facets?.source}
          picked={explorer.source}
          onPick={(v) => pick({ source: v })}
        />
        <FacetList
          title="Account"
          facet="account_uid"
          values={facets?.account_uid}
          picked={explorer.account_uid}
          onPick={(v) => pick({ account_uid: v })}
        />
      </aside>
      <main className="pane explorer-main" aria-label="Identity explorer">
        <div className="pane-header">
          <h2>Identities</h2>
          <span className="pane-count" data-testid="explorer-total" data-total={paged.total ?? undefined}>
            {paged.total === null ? '…' : count(paged.total)}
          </span>
          <div className="pane-header-tools">
            <ExplorerSearch />
            <ShowSqlButton
              what="the identity list"
              testId="identities-show-sql"
              target={{ view: 'identities', ...explorer }}
            />
          </div>
        </div>
        <div
          ref={list.scrollRef}
          className="virtual-scroll explorer-table"
          tabIndex={0}
          role="grid"
          aria-label="Identity table"
          aria-rowcount={paged.total ?? -1}
          aria-activedescendant={list.activeIndex >= 0 ? `xid-${list.activeIndex}` : undefined}
          onKeyDown={list.onKeyDown}
        >
          <div className="event-header" role="row" style={{ gridTemplateColumns: GRID, height: HEADER_HEIGHT }}>
            {COLUMNS.map((c) => (
              <div
                key={c.label}
                role="columnheader"
                className={`cell${c.num ? ' num' : ''}`}
                aria-sort={c.sort && explorer.sort === c.sort ? 'descending' : undefined}
              >
                {c.sort ? (
                  <button
                    type="button"
                    className="sort-button"
                    data-testid={`sort-${c.sort}`}
                    onClick={() => pick({ sort: c.sort })}
                  >
                    {c.label}
                    {explorer.sort === c.sort ? ' ▾' : ''}
                  </button>
                ) : (
                  c.label
                )}
              </div>
            ))}
          </div>
          {paged.total === 0 && <EmptyState title="No identities match" hint="Drop a facet or change the search." />}
          <div className="virtual-body" style={{ height: list.virtualizer.getTotalSize() }}>
            {list.items.map((item) => {
              const r = rowAt(paged, item.index);
              return (
                <div
                  key={item.key}
                  id={`xid-${item.index}`}
                  role="row"
                  className={`event-row${item.index === list.activeIndex ? ' active' : ''}${r ? '' : ' placeholder'}`}
                  style={{
                    gridTemplateColumns: GRID,
                    height: item.size,
                    transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
                  }}
                  onClick={() => list.activate(item.index)}
                  {...(r
                    ? {
                        'data-testid': 'explorer-row',
                        'data-actor': r.actor_uid,
                        'data-category': r.category,
                        'data-findings': r.findings,
                      }
                    : {})}
                >
                  {r ? (
                    <>
                      <div role="gridcell" className="cell" title={r.actor_uid}>
                        {r.display_name}
                      </div>
                      <div role="gridcell" className="cell">
                        <CategoryBadge category={r.category} reason={r.reason} overridden={r.overridden} />
                      </div>
                      <div role="gridcell" className="cell">
                        {r.kind}
                      </div>
                      <div role="gridcell" className="cell">
                        {r.source}
                      </div>
                      <div role="gridcell" className="cell mono">
                        {r.account_uid ?? ''}
                      </div>
                      <div role="gridcell" className="cell num">
                        {count(r.event_count)}
                      </div>
                      <div role="gridcell" className={`cell num${r.findings ? ' failure-text' : ''}`}>
                        {r.findings ? count(r.findings) : ''}
                      </div>
                      <div role="gridcell" className="cell mono">
                        {compactUtc(r.first_seen)}
                      </div>
                      <div role="gridcell" className="cell mono">
                        {compactUtc(r.last_seen)}
                      </div>
                      <div role="gridcell" className="cell">
                        <button
                          type="button"
                          className="btn-ghost small"
                          aria-label={`Change the classification of ${r.display_name}`}
                          title="Change the classification…"
                          onClick={(e) => {
                            e.stopPropagation();
                            openDialog({
                              kind: 'reclassify',
                              actor_uid: r.actor_uid,
                              label: r.display_name,
                              category: r.category,
                            });
                          }}
                        >
                          ✎
                        </button>
                      </div>
                    </>
                  ) : (
                    <div className="skeleton" />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </main>
    </div>
  );
}
