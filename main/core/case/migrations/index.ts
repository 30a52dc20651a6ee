import { sql as m0001 } from './0001_initial';
import { sql as m0004 } from './0004_analysis_runs';

/** Numbered, append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  { id: 1, name: 'initial', sql: m0001 },
  { id: 4, name: 'analysis_runs', sql: m0004 },
];
