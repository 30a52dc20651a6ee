import { readFile } from 'node:fs/promises';
import { TrailmarkError } from '../../../shared/errors';
import type { reportMethods } from '../../../shared/methods/report';
import type { KeyMaterial } from '../report/cades-signer';
import type { ReportOptions } from '../report/content';
import { exportReport } from '../report/export';
import {
  createStoredIdentity,
  identitiesDir,
  keyStoreKind,
  listStoredIdentities,
  loadStoredIdentity,
} from '../report/key-store';
import { fromPkcs12 } from '../report/signing-identity';
import { verifyReport } from '../report/verify';
import { checkAgainstCase, reperformReport, signerPin } from '../report/verify-case';
import { currentUser } from '../case/custody';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

type Signing = Parameters<HandlersFor<typeof reportMethods>['startReport']>[0]['sign'];

async function keyFor(sign: Signing): Promise<KeyMaterial | null> {
  if (sign.kind === 'none') return null;
  if (sign.kind === 'identity') return loadStoredIdentity(sign.id, identitiesDir(), sign.passphrase);
  const bytes = await readFile(sign.path).catch((err: NodeJS.ErrnoException) => {
    throw new TrailmarkError('not_found', `${sign.path}: cannot read it (${err.code ?? err.message})`, {
      path: sign.path,
    });
  });
  return fromPkcs12(bytes, sign.passphrase, sign.path);
}

/** Handlers for shared/methods/report.ts. */
export function reportHandlers(session: Session): HandlersFor<typeof reportMethods> {
  return {
    startReport: async ({ out, sign, actor_uids, from, to, confirmed_only, ...rest }) => {
      const c = session.requireCase();
      // The key is opened before the job starts, so a wrong passphrase is an error of this call.
      const key = await keyFor(sign);
      const opts: ReportOptions = {
        paper: rest.paper,
        sections: rest.sections,
        investigator: rest.investigator ?? c.custody.investigator?.name ?? currentUser(),
        organization: rest.organization ?? (rest.investigator ? null : (c.custody.investigator?.organisation ?? null)),
        title: rest.title ?? null,
        conclusion: rest.conclusion?.trim() || null,
        max_charts: rest.max_charts,
        excerpts_per_finding: 5,
        signed: key !== null,
        scope: { actor_uids: actor_uids ?? null, from: from ?? null, to: to ?? null, confirmed_only },
      };
      return { job: session.jobs.start('report', (ctx) => exportReport(c, opts, out, key, ctx)) };
    },
    verifyReport: async ({ path, case: casePath, expect_signer, reperform }) => {
      const pin = expect_signer ? await signerPin(expect_signer) : null;
      if (reperform && !casePath)
        throw new TrailmarkError('bad_request', 'reperform needs the case the report was made from (--case CASE)');
      const r = await verifyReport(path, { expectSigner: pin });
      if (casePath) {
        const c = await session.open(casePath, false);
        await checkAgainstCase(r, c);
        if (reperform) {
          await session.upgraded(); // reperformed on the case as a report of this version would read it
          await reperformReport(r, c);
        }
      }
      return r;
    },
    listSigningIdentities: async () => listStoredIdentities(),
    createSigningIdentity: async ({ passphrase, ...subject }) =>
      createStoredIdentity(subject, identitiesDir(), passphrase),
    signingKeyStore: async () => ({ protected_by: keyStoreKind() }),
  };
}
