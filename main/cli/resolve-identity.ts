import type { TrailmarkApi } from '../../shared/api';
import { TrailmarkError } from '../../shared/errors';
import type { Identity } from '../../shared/model';

const SHOWN = 20;

const line = (i: Identity) => `  ${i.actor_uid}  (${i.display_name}, ${i.source}, account ${i.account_uid ?? '-'})`;

/**
 * What a person typed to name an identity: its full id, or a display name that names exactly one identity (case
 * ignored). Anything else is refused with the candidates listed, never guessed: an ambiguous name would silently
 * show another identity's events, and an unknown one would show none as if the identity had done nothing.
 */
export async function resolveIdentity(
  api: Pick<TrailmarkApi, 'getIdentity' | 'listIdentities'>,
  text: string,
): Promise<Identity> {
  try {
    return await api.getIdentity({ actor_uid: text });
  } catch (err) {
    if (!(err instanceof TrailmarkError) || err.kind !== 'not_found') throw err;
  }
  const found = await api.listIdentities({ search: text, sort: 'name', limit: 500 });
  const named = found.rows.filter((i) => i.display_name.toLowerCase() === text.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new TrailmarkError(
      'bad_request',
      `"${text}" names ${named.length} identities; pass one of these ids:\n${named.slice(0, SHOWN).map(line).join('\n')}` +
        (named.length > SHOWN ? `\n  … and ${named.length - SHOWN} more` : ''),
    );
  const near = found.rows.slice(0, SHOWN);
  throw new TrailmarkError(
    'not_found',
    `no identity "${text}" in this case (neither an id nor a display name)` +
      (near.length
        ? `; identities whose id or name contains it:\n${near.map(line).join('\n')}` +
          (found.total > SHOWN ? `\n  … and ${found.total - SHOWN} more` : '')
        : ''),
  );
}
