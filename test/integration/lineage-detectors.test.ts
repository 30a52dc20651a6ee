// The lineage detectors over real DuckDB: a CI role federated from one repository for days, then assumed by an
// unknown repository that creates a user and a key which it then uses; and a known repository's new branch.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../main/core/analysis/run-analysis';
import { createdCredentialUsed, newFederatedSubject } from '../../main/core/analysis/detectors/lineage';
import { ingest, openTempCase } from '../helpers/core';
import {
  DAY,
  KNOWN,
  OIDC,
  assume,
  createAccessKey,
  federationTrail,
  iamUser,
  roleArn,
  userArn,
  webIdentity,
} from '../helpers/lineage-records';
import { tempDir } from '../helpers/paths';

describe('lineage detectors', () => {
  it('flag the unknown repository on the CI role, the new branch weaker, and the backdoor key on its user', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: federationTrail() }));
    const { core } = await openTempCase('lineage-detect');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const r = await detect(db, {
      baselineUntil: '2026-10-05T00:00:00Z',
      detectors: [createdCredentialUsed, newFederatedSubject],
    });
    const fed = r.signals.filter((s) => s.detector === 'federated_role_new_subject');
    expect(fed).toHaveLength(2);
    const unknown = fed.find((s) => s.title.includes('octo-fork/ci-probe'))!;
    expect(unknown).toMatchObject({ actor_uid: roleArn('ci-deploy'), severity: 'high' });
    expect(unknown.explanation).toContain('acme/deploy');
    expect(unknown.event_uids).toHaveLength(3); // the issuance and the two calls made with its key
    const branch = fed.find((s) => s !== unknown)!;
    expect(branch.severity).toBe('medium');
    expect(branch.explanation).toContain('a branch or environment of acme/deploy');

    const persisted = r.signals.filter((s) => s.detector === 'created_credential_used');
    expect(persisted).toHaveLength(1);
    expect(persisted[0]).toMatchObject({ actor_uid: userArn('backdoor'), severity: 'critical' });
    expect(persisted[0]!.explanation).toContain('AKIABACKDOOR0000001');
    expect(persisted[0]!.explanation).toContain('3 uses');
    expect(persisted[0]!.explanation).toContain('under a finding in the window (federated_role_new_subject');
    expect(persisted[0]!.event_uids).toHaveLength(5); // CreateUser, CreateAccessKey and the three calls
    core.close();
  });

  it('stay quiet when every federation subject was seen before the window and nothing created was used', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: federationTrail().slice(0, 12) }));
    await writeFile(
      path.join(dir, 'later.json'),
      JSON.stringify({
        Records: [
          assume(
            5 * DAY,
            'AssumeRoleWithWebIdentity',
            webIdentity(OIDC, KNOWN),
            'ci-deploy',
            'ASIALATER0000000001',
            'g',
          ),
          createAccessKey(5 * DAY + 1, iamUser('alice', 'AKIAALICE000000001'), 'svc-x', 'AKIANEVERUSED000001'),
        ],
      }),
    );
    const { core } = await openTempCase('lineage-quiet');
    await ingest(core, [dir]);
    const r = await detect(core.session.requireCase().db, {
      baselineUntil: '2026-10-05T00:00:00Z',
      detectors: [createdCredentialUsed, newFederatedSubject],
    });
    expect(r.signals).toEqual([]);
    core.close();
  });
});
