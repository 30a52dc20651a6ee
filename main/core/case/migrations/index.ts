import { sql as m0001 } from './0001_initial';
import { sql as m0006 } from './0006_workspace';

/** Numbered, append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  { id: 1, name: 'initial', sql: m0001 },
  { id: 6, name: 'workspace', sql: m0006 },
];
