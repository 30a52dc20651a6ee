// The lineage detectors over real DuckDB: a CI role federated from one repository for days, then assumed by an
// unknown repository that creates a user and a key which it then uses; and a known repository's new branch.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../main/core/analysis/run-analysis';
import { createdCredentialUsed, newFederatedSubject } from '../../main/core/analysis/detectors/lineage';
import { ingest, openTempCase } from '../helpers/core';
import {
  OIDC,
  assume,
  createAccessKey,
  createUser,
  iamUser,
  record,
  roleArn,
  session,
  userArn,
  webIdentity,
} from '../helpers/lineage-records';
import { tempDir } from '../helpers/paths';

const DAY = 24 * 60;
const KNOWN = 'repo:acme/deploy:ref:refs/heads/main';

function trail(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < 4; d++) {
    const key = `ASIABASE00000000${d}0`;
    out.push(assume(d * DAY, 'AssumeRoleWithWebIdentity', webIdentity(OIDC, KNOWN), 'ci-deploy', key, `gha-${d}`));
    out.push(record(d * DAY + 1, 'GetCallerIdentity', session('ci-deploy', `gha-${d}`, key)));
    out.push(record(d * DAY + 2, 'PutObject', session('ci-deploy', `gha-${d}`, key)));
  }
  const t = 5 * DAY;
  const from = { sourceIPAddress: '203.0.113.9', userAgent: 'python-requests/2.32.3' };
  const ci = session('ci-deploy', 'GitHubActions', 'ASIAATTACK000000001');
  const probe = webIdentity(OIDC, 'repo:octo-fork/ci-probe:ref:refs/heads/main');
  out.push({
    ...assume(t, 'AssumeRoleWithWebIdentity', probe, 'ci-deploy', 'ASIAATTACK000000001', 'GitHubActions'),
    ...from,
  });
  out.push({ ...createUser(t + 1, ci, 'backdoor'), ...from });
  out.push({ ...createAccessKey(t + 2, ci, 'backdoor', 'AKIABACKDOOR0000001'), ...from });
  for (let i = 0; i < 3; i++)
    out.push({ ...record(t + 10 + i, 'ListBuckets', iamUser('backdoor', 'AKIABACKDOOR0000001')), ...from });
  const feature = webIdentity(OIDC, 'repo:acme/deploy:ref:refs/heads/feature-x');
  out.push(assume(t + 60, 'AssumeRoleWithWebIdentity', feature, 'ci-deploy', 'ASIAFEATURE00000001', 'gha-9'));
  out.push(record(t + 61, 'GetCallerIdentity', session('ci-deploy', 'gha-9', 'ASIAFEATURE00000001')));
  return out;
}

describe('lineage detectors', () => {
  it('flag the unknown repository on the CI role, the new branch weaker, and the backdoor key on its user', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: trail() }));
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
    expect(persisted[0]!.explanation).toContain('3 calls');
    expect(persisted[0]!.event_uids).toHaveLength(5); // CreateUser, CreateAccessKey and the three calls
    core.close();
  });

  it('stay quiet when every federation subject was seen before the window and nothing created was used', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: trail().slice(0, 12) }));
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
