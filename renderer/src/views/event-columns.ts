import type { EventRow } from '../../../shared/model';
import { isoUtc } from '../format/time';

export interface EventColumn {
  id: string;
  label: string;
  /** A CSS grid track. */
  width: string;
  value(e: EventRow): string;
  mono?: boolean;
}

export const EVENT_COLUMNS: EventColumn[] = [
  { id: 'time', label: 'Time (UTC)', width: '172px', value: (e) => isoUtc(e.time), mono: true },
  { id: 'identity', label: 'Identity', width: 'minmax(140px, 1.2fr)', value: (e) => e.actor_name ?? e.actor_uid ?? '' },
  { id: 'operation', label: 'Operation', width: 'minmax(140px, 1fr)', value: (e) => e.api_operation ?? '' },
  { id: 'service', label: 'Service', width: 'minmax(120px, 0.9fr)', value: (e) => e.api_service ?? '' },
  {
    id: 'target',
    label: 'Target',
    width: 'minmax(150px, 1.2fr)',
    value: (e) => (e.targets ?? []).join(', '),
    mono: true,
  },
  {
    id: 'outcome',
    label: 'Outcome',
    width: '96px',
    value: (e) => (e.outcome === 'failure' && e.error_code ? e.error_code : e.outcome),
  },
  { id: 'src_ip', label: 'Source IP', width: '124px', value: (e) => e.src_ip ?? '', mono: true },
  { id: 'region', label: 'Region', width: '100px', value: (e) => e.region ?? '' },
  { id: 'user_agent', label: 'User agent', width: 'minmax(160px, 1.4fr)', value: (e) => e.user_agent ?? '' },
  { id: 'account', label: 'Account', width: '120px', value: (e) => e.account_uid ?? '', mono: true },
  { id: 'resource', label: 'Resource', width: 'minmax(160px, 1.2fr)', value: (e) => e.resource_uid ?? '', mono: true },
  { id: 'credential', label: 'Credential', width: '170px', value: (e) => e.credential_uid ?? '', mono: true },
  { id: 'session', label: 'Session', width: 'minmax(140px, 1fr)', value: (e) => e.session_uid ?? '', mono: true },
  { id: 'source', label: 'Source', width: '96px', value: (e) => e.source },
];

/** The columns not hidden in the column chooser; time always shows. */
export function visibleColumns(hidden: string[]): EventColumn[] {
  const h = new Set(hidden);
  return EVENT_COLUMNS.filter((c) => c.id === 'time' || !h.has(c.id));
}

export const gridOf = (cols: EventColumn[]) => cols.map((c) => c.width).join(' ');
