import { useCallback, useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import { middleEllipsis, textMeasurer } from '../format/middle-ellipsis';

/** A cell's horizontal padding (.cell: 0 8px). */
const CELL_PADDING = 16;

/**
 * Fits cell text to its column as drawn now (and says how wide each is): a ResizeObserver on the header's cells gives each column's width, and
 * text that would overflow is cut in the middle (see middleEllipsis), measured in the table's own fonts.
 * `layoutKey` changes when the columns or their widths change, so the cells are observed again.
 */
export function useColumnFit(header: RefObject<HTMLElement | null>, layoutKey: string) {
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [fonts, setFonts] = useState<{ text: string; mono: string } | null>(null);

  useLayoutEffect(() => {
    const el = header.current;
    if (!el) return;
    const table = el.parentElement ?? el;
    const cs = getComputedStyle(table);
    const mono = getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace';
    setFonts({ text: `${cs.fontSize} ${cs.fontFamily}`, mono: `12px ${mono}` });
    const read = () => {
      const next: Record<string, number> = {};
      for (const cell of Array.from(el.children) as HTMLElement[]) {
        if (cell.dataset.col) next[cell.dataset.col] = Math.max(0, cell.getBoundingClientRect().width - CELL_PADDING);
      }
      setWidths((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    read();
    const ro = new ResizeObserver(read);
    for (const cell of Array.from(el.children)) ro.observe(cell);
    return () => ro.disconnect();
  }, [header, layoutKey]);

  const measure = useMemo(
    () => (fonts ? { text: textMeasurer(fonts.text), mono: textMeasurer(fonts.mono) } : null),
    [fonts],
  );
  const fit = useCallback(
    (column: string, mono: boolean, text: string) => {
      const w = widths[column];
      if (!measure || w === undefined || text === '') return text;
      return middleEllipsis(text, w, mono ? measure.mono : measure.text);
    },
    [widths, measure],
  );
  /** Each column's drawn width in px, padding included. */
  const drawn = useMemo(
    () => Object.fromEntries(Object.entries(widths).map(([k, w]) => [k, Math.round(w + CELL_PADDING)])),
    [widths],
  );
  return { fit, drawn };
}
