import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface Options {
  count: number;
  rowHeight: number;
  /** Changes when the list is re-queried: the cursor goes back to the top. */
  pagedKey: number;
  load(first: number, last: number): void;
  onActivate(index: number): void;
  /** Told when the keyboard moves the cursor (a detail that is open follows it). */
  onMove?(index: number): void;
  /** Height of a sticky header inside the scroll element, above the rows. */
  headerHeight?: number;
}

/**
 * A virtualized list over paged data, keyboard-driven: the scroll element takes focus and holds an active row
 * (aria-activedescendant), arrows / Page / Home / End move it, Enter activates it. Rows scrolled into view
 * trigger loading of their pages.
 */
export function usePagedVirtualList(o: Options) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(-1);
  const header = o.headerHeight ?? 0;

  const virtualizer = useVirtualizer({
    count: o.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => o.rowHeight,
    overscan: 12,
    scrollMargin: header,
    scrollPaddingStart: header,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  const { load } = o;
  useEffect(() => {
    load(first, last);
  }, [load, first, last, o.pagedKey, o.count]);

  useEffect(() => {
    setActiveIndex(-1);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [o.pagedKey]);

  const moveTo = useCallback(
    (index: number) => {
      if (o.count === 0) return;
      const i = Math.min(o.count - 1, Math.max(0, index));
      setActiveIndex(i);
      virtualizer.scrollToIndex(i, { align: 'auto' });
      o.onMove?.(i);
    },
    [o, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const at = activeIndex < 0 ? -1 : activeIndex;
    const perPage = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - header) / o.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + perPage,
      PageUp: at - perPage,
      Home: 0,
      End: o.count - 1,
    };
    // j/k as in mail readers and Timesketch, when no modifier is held.
    if (!e.ctrlKey && !e.metaKey && !e.altKey) {
      moves.j = at + 1;
      moves.k = at - 1;
    }
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' && activeIndex >= 0) {
      e.preventDefault();
      o.onActivate(activeIndex);
    }
  };

  const activate = (index: number) => {
    setActiveIndex(index);
    o.onActivate(index);
  };

  return { scrollRef, virtualizer, items, activeIndex, onKeyDown, activate, header };
}
