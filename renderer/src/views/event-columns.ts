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
    id: 'outcome',
    label: 'Outcome',
    width: '96px',
    value: (e) => (e.outcome === 'failure' && e.error_code ? e.error_code : e.outcome),
  },
  { id: 'src_ip', label: 'Source IP', width: '124px', value: (e) => e.src_ip ?? '', mono: true },
  { id: 'region', label: 'Region', width: '100px', value: (e) => e.region ?? '' },
  { id: 'user_agent', label: 'User agent', width: 'minmax(160px, 1.4fr)', value: (e) => e.user_agent ?? '' },
];

export const EVENT_GRID = EVENT_COLUMNS.map((c) => c.width).join(' ');
