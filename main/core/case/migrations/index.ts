import type { Duck } from '../../db/duck';
import { sql as m0001 } from './0001_initial';
import { sql as m0002 } from './0002_ingest_mappings';
import { sql as m0003 } from './0003_integrity';
import { sql as m0004 } from './0004_analysis_runs';
import { sql as m0006 } from './0006_workspace';
import { sql as m0007 } from './0007_summaries';
import { sql as m0008 } from './0008_text_index';
import { sql as m0009 } from './0009_custody_anchor';
import { sql as m0010 } from './0010_identity_keys';
import { run as m0011 } from './0011_events_one_shape';
import { sql as m0012 } from './0012_query_views';
import { sql as m0013 } from './0013_investigator';
import { sql as m0014 } from './0014_lineage';
import { run as m0015 } from './0015_event_targets';
import { sql as m0016 } from './0016_query_lineage';
import { sql as m0017 } from './0017_sort_ranks';
import { sql as m0018 } from './0018_lineage_links';
import { run as m0019 } from './0019_event_error_messages';

/**
 * A schema change: fixed SQL text (statements that take no values), or code for a change that depends on what the
 * case holds. Applied once, in id order, each in its own transaction.
 */
export interface Migration {
  id: number;
  name: string;
  up: string | ((db: Duck) => Promise<void>);
}

/**
 * Numbered, append-only: never edit a migration that has shipped, add the next one with a higher id. Ids only have
 * to increase, not to be consecutive: 5 was handed to a branch developed alongside 2, 3, 4 and 6 that shipped no
 * schema change, so no case ever recorded it. A gap is never filled later: cases that already have the migrations
 * after it would apply it last, in an order no new case sees. migrate.ts checks the order when it loads.
 */
export const MIGRATIONS: Migration[] = [
  { id: 1, name: 'initial', up: m0001 },
  { id: 2, name: 'ingest_mappings', up: m0002 },
  { id: 3, name: 'integrity', up: m0003 },
  { id: 4, name: 'analysis_runs', up: m0004 },
  { id: 6, name: 'workspace', up: m0006 },
  { id: 7, name: 'summaries', up: m0007 },
  { id: 8, name: 'text_index', up: m0008 },
  { id: 9, name: 'custody_anchor', up: m0009 },
  { id: 10, name: 'identity_keys', up: m0010 },
  { id: 11, name: 'events_one_shape', up: m0011 },
  { id: 12, name: 'query_views', up: m0012 },
  { id: 13, name: 'investigator', up: m0013 },
  { id: 14, name: 'lineage', up: m0014 },
  { id: 15, name: 'event_targets', up: m0015 },
  { id: 16, name: 'query_lineage', up: m0016 },
  { id: 17, name: 'sort_ranks', up: m0017 },
  { id: 18, name: 'lineage_links', up: m0018 },
  { id: 19, name: 'event_error_messages', up: m0019 },
];
