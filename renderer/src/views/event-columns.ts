import type { EventSortColumn } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import { isoUtc } from '../format/time';

export interface EventColumn {
  /** A sortable column's id is its sort key (EVENT_SORT_COLUMNS); the error message is read per page, not sortable. */
  id: EventSortColumn | 'error_message';
  label: string;
  /** A CSS grid track, unless the investigator dragged the column to a width of its own. */
  width: string;
  value(e: EventRow): string;
  mono?: boolean;
  /** Too long for its column: cut in the middle (ids, addresses, user agents: the end tells them apart). */
  middle?: boolean;
}

export const EVENT_COLUMNS: EventColumn[] = [
  { id: 'time', label: 'Time (UTC)', width: '172px', value: (e) => isoUtc(e.time), mono: true },
  {
    id: 'identity',
    label: 'Identity',
    width: 'minmax(140px, 1.2fr)',
    value: (e) => e.actor_name ?? e.actor_uid ?? '',
    middle: true,
  },
  { id: 'operation', label: 'Operation', width: 'minmax(140px, 1fr)', value: (e) => e.api_operation ?? '' },
  { id: 'service', label: 'Service', width: 'minmax(120px, 0.9fr)', value: (e) => e.api_service ?? '' },
  {
    id: 'target',
    label: 'Target',
    width: 'minmax(150px, 1.2fr)',
    value: (e) => (e.targets ?? []).join(', '),
    mono: true,
    middle: true,
  },
  {
    id: 'outcome',
    label: 'Outcome',
    width: 'minmax(120px, 0.8fr)',
    value: (e) => (e.outcome === 'failure' && e.error_code ? e.error_code : e.outcome),
  },
  {
    id: 'error_message',
    label: 'Error message',
    width: 'minmax(180px, 1.4fr)',
    value: (e) => e.error_message ?? '',
  },
  // 15 monospace characters and the padding: a whole IPv4 address; IPv6 keeps both ends.
  { id: 'src_ip', label: 'Source IP', width: '136px', value: (e) => e.src_ip ?? '', mono: true, middle: true },
  { id: 'region', label: 'Region', width: '100px', value: (e) => e.region ?? '' },
  {
    id: 'user_agent',
    label: 'User agent',
    width: 'minmax(160px, 1.4fr)',
    value: (e) => e.user_agent ?? '',
    middle: true,
  },
  { id: 'account', label: 'Account', width: '120px', value: (e) => e.account_uid ?? '', mono: true, middle: true },
  {
    id: 'resource',
    label: 'Resource',
    width: 'minmax(160px, 1.2fr)',
    value: (e) => e.resource_uid ?? '',
    mono: true,
    middle: true,
  },
  {
    id: 'credential',
    label: 'Credential',
    width: '170px',
    value: (e) => e.credential_uid ?? '',
    mono: true,
    middle: true,
  },
  {
    id: 'session',
    label: 'Session',
    width: 'minmax(140px, 1fr)',
    value: (e) => e.session_uid ?? '',
    mono: true,
    middle: true,
  },
  { id: 'source', label: 'Source', width: '96px', value: (e) => e.source },
];

/** The narrowest a dragged column gets: its header still reads. */
export const MIN_COLUMN_WIDTH = 56;
/** The widest: a whole user agent or ARN, and still on a laptop's screen. */
export const MAX_COLUMN_WIDTH = 1200;

/** The columns not hidden in the column chooser; time always shows. */
export function visibleColumns(hidden: string[]): EventColumn[] {
  const h = new Set(hidden);
  return EVENT_COLUMNS.filter((c) => c.id === 'time' || !h.has(c.id));
}

/** The grid's tracks: a dragged width where there is one, else the column's own. */
export const gridOf = (cols: EventColumn[], widths: Record<string, number> = {}) =>
  cols
    .map((c) => {
      const dragged = widths[c.id];
      return dragged ? `${Math.max(MIN_COLUMN_WIDTH, dragged)}px` : c.width;
    })
    .join(' ');

/** The grid's narrowest width: each column at its dragged width or its track's minimum (the table scrolls past it). */
export function minWidthOf(cols: EventColumn[], widths: Record<string, number> = {}): number {
  return cols.reduce((sum, c) => {
    const dragged = widths[c.id];
    if (dragged) return sum + Math.max(MIN_COLUMN_WIDTH, dragged);
    const px = /(\d+)px/.exec(c.width);
    return sum + (px ? Number(px[1]) : MIN_COLUMN_WIDTH);
  }, 0);
}
