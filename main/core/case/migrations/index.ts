import { sql as m0001 } from './0001_initial';
import { sql as m0002 } from './0002_ingest_mappings';
import { sql as m0003 } from './0003_integrity';
import { sql as m0004 } from './0004_analysis_runs';
import { sql as m0006 } from './0006_workspace';
import { sql as m0007 } from './0007_summaries';
import { sql as m0008 } from './0008_text_index';
import { sql as m0010 } from './0010_identity_keys';

/** Numbered, append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  { id: 1, name: 'initial', sql: m0001 },
  { id: 2, name: 'ingest_mappings', sql: m0002 },
  { id: 3, name: 'integrity', sql: m0003 },
  { id: 4, name: 'analysis_runs', sql: m0004 },
  { id: 6, name: 'workspace', sql: m0006 },
  { id: 7, name: 'summaries', sql: m0007 },
  { id: 8, name: 'text_index', sql: m0008 },
  { id: 10, name: 'identity_keys', sql: m0010 },
];
