import { useCallback } from 'react';
import { usePagedVirtualList } from '../../hooks/use-paged-virtual-list';
import { rowAt } from '../../store/paged';
import { useApp } from '../../store/store-context';
import { EmptyState } from '../EmptyState';
import { IdentityRow } from './IdentityRow';

const ROW_HEIGHT = 44;

export function IdentityList() {
  const paged = useApp((s) => s.identities);
  const load = useApp((s) => s.loadIdentities);
  const select = useApp((s) => s.selectIdentity);
  const selectedUid = useApp((s) => s.selectedIdentity?.actor_uid ?? null);
  const filtered = useApp((s) => s.identityFilter.category !== 'all' || s.identityFilter.search.trim() !== '');

  const onActivate = useCallback(
    (index: number) => {
      const identity = rowAt(paged, index);
      if (identity) select(identity);
    },
    [paged, select],
  );
  const list = usePagedVirtualList({
    count: paged.total ?? 0,
    rowHeight: ROW_HEIGHT,
    pagedKey: paged.key,
    load,
    onActivate,
  });

  const activeId = list.activeIndex >= 0 ? `identity-${list.activeIndex}` : undefined;
  return (
    <div
      ref={list.scrollRef}
      className="virtual-scroll identity-list"
      tabIndex={0}
      role="listbox"
      aria-label="Identities"
      aria-activedescendant={activeId}
      onKeyDown={list.onKeyDown}
    >
      {paged.total === null && <EmptyState title="Loading identities…" />}
      {paged.total === 0 &&
        (filtered ? (
          <EmptyState title="No identities match" hint="Change the category or the search." />
        ) : (
          <EmptyState title="No identities yet" hint="They appear once evidence is added." />
        ))}
      <div className="virtual-body" style={{ height: list.virtualizer.getTotalSize() }}>
        {list.items.map((item) => {
          const identity = rowAt(paged, item.index);
          const selected = identity !== undefined && identity.actor_uid === selectedUid;
          const active = item.index === list.activeIndex;
          return (
            <div
              key={item.key}
              id={`identity-${item.index}`}
              role="option"
              aria-selected={selected}
              className={`identity-row${selected ? ' selected' : ''}${active ? ' active' : ''}${identity ? '' : ' placeholder'}`}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              onClick={() => list.activate(item.index)}
              {...(identity
                ? {
                    'data-testid': 'identity-row',
                    'data-category': identity.category,
                    'data-actor': identity.actor_uid,
                  }
                : {})}
            >
              {identity ? <IdentityRow identity={identity} /> : <div className="skeleton" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
