// Roles told apart by the names of their sessions: sessions named after EC2 instances mean an instance profile.
// The classifier reads each session's name once, not each event's, so these check that the counts still add up
// over every event, and that the session named in the reason is the most used one (the greatest name on a tie).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const ACCOUNT = '111122223333';
const assumed = (role: string, session: string) => ({
  userIdentity: {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, userName: role },
    },
  },
});

describe('CloudTrail roles classified by their session names', () => {
  it('names the most used instance session and counts every event of the instance sessions', async () => {
    const dir = await tempDir();
    const sessions: [string, string][] = [
      ...Array<[string, string]>(5).fill(['web-profile', 'i-0aaaaaaaaaaaaaaa1']),
      ...Array<[string, string]>(3).fill(['web-profile', 'i-0bbbbbbbbbbbbbbb2']),
      ...Array<[string, string]>(2).fill(['tied-profile', 'i-01111111']),
      ...Array<[string, string]>(2).fill(['tied-profile', 'i-02222222']),
      ...Array<[string, string]>(4).fill(['deploy', 'ci-run-17']),
    ];
    const text = cloudTrailRecords(sessions.length, (i) => assumed(...sessions[i]!));
    await writeFile(path.join(dir, 'roles.json'), text);

    const { core } = await openTempCase('sessions');
    await ingest(core, [dir]);
    const { rows } = await core.api.listIdentities({ limit: 100 });
    const role = (name: string) => rows.find((r) => r.actor_uid === `arn:aws:iam::${ACCOUNT}:role/${name}`);

    expect(role('web-profile')).toMatchObject({ category: 'machine', kind: 'iam_role' });
    expect(role('web-profile')?.reason).toContain('session name = i-0aaaaaaaaaaaaaaa1 (8 events)');
    expect(role('tied-profile')?.reason).toContain('session name = i-02222222 (4 events)');
    expect(role('deploy')).toMatchObject({ category: 'machine', kind: 'iam_role' });
    expect(role('deploy')?.reason).toContain('machine: all 4 calls programmatic');
    core.close();
  });
});
