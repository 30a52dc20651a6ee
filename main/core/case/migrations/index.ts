import { sql as m0001 } from './0001_initial';

/** Numbered, append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [{ id: 1, name: 'initial', sql: m0001 }];
