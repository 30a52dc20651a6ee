import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import { currentUser, type CustodyLog } from './custody';

export type Investigator = { name: string; organisation: string | null };

/** The case's investigator now: the latest setting, or null when none was ever set. */
export async function loadInvestigator(db: Duck): Promise<Investigator | null> {
  const row = await db.one<Investigator>(
    sql`SELECT name, organisation FROM case_investigator ORDER BY set_at DESC, rowid DESC LIMIT 1`,
  );
  return row ? { name: row.name, organisation: row.organisation ?? null } : null;
}

/** A name and organisation as given, trimmed; an empty name is refused (the actor must be someone). */
export function cleanInvestigator(name: string, organisation?: string | null): Investigator {
  const n = name.trim();
  if (!n || n.length > 200)
    throw new TrailmarkError('bad_request', 'the investigator needs a name (1 to 200 characters)');
  const o = organisation?.trim() || null;
  if (o && o.length > 200) throw new TrailmarkError('bad_request', 'the organisation is longer than 200 characters');
  return { name: n, organisation: o };
}

/**
 * Names the case's investigator, in the same action as its custody entry. The entry is the first one credited to
 * the new investigator; the OS account that made the change is kept in it.
 */
export async function setInvestigator(db: Duck, custody: CustodyLog, who: Investigator): Promise<void> {
  const before = custody.investigator;
  if (before?.name === who.name && before.organisation === who.organisation) return;
  custody.investigator = who;
  try {
    await custody.record({
      change: () => insertInvestigator(db, who),
      items: [
        {
          action: 'case.investigator_set',
          detail: { name: who.name, organisation: who.organisation, was: before?.name ?? null },
        },
      ],
    });
  } catch (err) {
    custody.investigator = before;
    throw err;
  }
}

/** The row of a setting (inside the action that records it). */
export function insertInvestigator(db: Duck, who: Investigator): Promise<void> {
  return db.run(
    sql`INSERT INTO case_investigator VALUES (CAST(${param(new Date().toISOString())} AS TIMESTAMPTZ),
        ${param(who.name)}, ${param(who.organisation)}, ${param(currentUser())})`,
  );
}
