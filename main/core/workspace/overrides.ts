import type { Category, Identity } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { getIdentity } from '../query/identities';
import { param, sql } from '../db/sql';

/**
 * The investigator's verdict on an identity: stored in identity_overrides (every view reads categories through
 * it) and written to custody with the note, the old and the new category. null restores the automatic verdict.
 */
export async function setIdentityCategory(
  c: CaseFile,
  actorUid: string,
  category: Category | null,
  note: string,
): Promise<Identity> {
  const before = await getIdentity(c.db, actorUid);
  const change = async () => {
    await c.db.run(sql`DELETE FROM identity_overrides WHERE actor_uid = ${param(actorUid)}`);
    if (category)
      await c.db.run(
        sql`INSERT INTO identity_overrides VALUES (${param(actorUid)}, ${param(category)}, ${param(note)},
            ${param(c.custody.actor)}, CAST(${param(new Date().toISOString())} AS TIMESTAMPTZ))`,
      );
  };
  await c.custody.record({
    change,
    touches: { tables: ['identity_overrides'] },
    items: [
      {
        action: 'identity.reclassified',
        detail: { actor_uid: actorUid, from: before.category, to: category ?? 'automatic', note },
      },
    ],
  });
  return getIdentity(c.db, actorUid);
}
