// Canonical AWS identity keys from whatever a record carries, through the real ingest into a real case. The fixtures
// (test/fixtures/identity-aws) are written from CloudTrail's documented userIdentity shapes: role sessions with and
// without sessionContext.sessionIssuer, a failed sign-in that names the user only by principalId, a record with only
// userName, root without an ARN, a federated user without one, an AWS service, one cross-account call delivered to
// two accounts, and IAM Identity Center sessions. Keys that need other records (a role's path, the ARN behind a
// principal id) must be learned whichever file comes first.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const FIX = path.join(REPO, 'test/fixtures/identity-aws');

async function folderWith(...names: string[]): Promise<string> {
  const dir = await tempDir();
  await mkdir(dir, { recursive: true });
  for (const n of names) await copyFile(path.join(FIX, n), path.join(dir, n));
  return dir;
}

async function identitiesAfter(batches: string[][]) {
  const { core } = await openTempCase('keys');
  for (const b of batches) await ingest(core, [await folderWith(...b)]);
  const { rows } = await core.api.listIdentities({ limit: 200 });
  const db = core.session.requireCase().db;
  const aliases = await db.all<{ from_uid: string; to_uid: string; rule: string }>(
    'SELECT from_uid, to_uid, rule FROM actor_aliases ORDER BY from_uid',
  );
  const unattributed = await db.scalar<number>('SELECT count(*) FROM events WHERE actor_uid IS NULL');
  const by = new Map(rows.map((r) => [r.actor_uid, r]));
  return { core, rows, by, aliases, unattributed: Number(unattributed) };
}

function expectKeys(by: Map<string, Identity>, rows: Identity[]) {
  // one role "deploy" in 111122223333, with the path learned from a later sessionIssuer; another in 444455556666
  expect(by.get('arn:aws:iam::111122223333:role/ci/deploy')).toMatchObject({ event_count: 3, kind: 'iam_role' });
  expect(by.get('arn:aws:iam::444455556666:role/deploy')).toMatchObject({ event_count: 1, kind: 'iam_role' });
  expect(by.has('arn:aws:iam::111122223333:role/deploy')).toBe(false);
  // the failed sign-in named only by principalId belongs to alice's ARN
  expect(by.get('arn:aws:iam::111122223333:user/ops/alice')).toMatchObject({ event_count: 2, kind: 'iam_user' });
  expect(by.has('AIDAEXAMPLEALICE0001')).toBe(false);
  // the record with only userName gets an actor, merged with the ARN that has the path
  expect(by.get('arn:aws:iam::111122223333:user/svc/backup-svc')).toMatchObject({ event_count: 2 });
  expect(by.get('arn:aws:iam::111122223333:root')).toMatchObject({ kind: 'root', category: 'human' });
  expect(by.get('arn:aws:sts::111122223333:federated-user/broker-session')).toMatchObject({ kind: 'federated_user' });
  expect(by.get('cloudtrail.amazonaws.com')).toMatchObject({ kind: 'aws_service', category: 'machine' });
  // one AssumeRole delivered to the caller's and the target's account: one call
  expect(by.get('arn:aws:iam::111122223333:role/app')).toMatchObject({ event_count: 1 });
  expect(rows.filter((r) => r.display_name === 'deploy')).toHaveLength(2);
}

describe('AWS identity keys', () => {
  it('merges keys learned from a later ingest: role paths, principal ids, user names', async () => {
    const { core, rows, by, aliases, unattributed } = await identitiesAfter([['early.json'], ['later.json']]);
    core.close();
    expectKeys(by, rows);
    expect(unattributed).toBe(0);
    expect(aliases).toEqual([
      {
        from_uid: 'AIDAEXAMPLEALICE0001',
        to_uid: 'arn:aws:iam::111122223333:user/ops/alice',
        rule: expect.stringContaining('userIdentity.principalId = AIDAEXAMPLEALICE0001'),
      },
      {
        from_uid: 'arn:aws:iam::111122223333:role/deploy',
        to_uid: 'arn:aws:iam::111122223333:role/ci/deploy',
        rule: expect.stringContaining('named with its path'),
      },
      {
        from_uid: 'arn:aws:iam::111122223333:user/backup-svc',
        to_uid: 'arn:aws:iam::111122223333:user/svc/backup-svc',
        rule: expect.stringContaining('named with its path'),
      },
    ]);
  });

  it("carries the investigator's override and flag of a merged key over to the key it merged into", async () => {
    const { core } = await openTempCase('merge-override');
    await ingest(core, [await folderWith('early.json')]);
    await core.api.setIdentityCategory({
      actor_uid: 'AIDAEXAMPLEALICE0001',
      category: 'human',
      note: 'failed sign-ins',
    });
    await core.api.addAnnotation({
      target_kind: 'identity',
      target_id: 'AIDAEXAMPLEALICE0001',
      kind: 'flag',
      note: 'who is this?',
    });
    await ingest(core, [await folderWith('later.json')]);
    const alice = await core.api.getIdentity({ actor_uid: 'arn:aws:iam::111122223333:user/ops/alice' });
    expect(alice).toMatchObject({ category: 'human', overridden: true, event_count: 2 });
    const flags = await core.api.listAnnotations({ target_kind: 'identity', target_id: alice.actor_uid });
    expect(flags.rows.map((f) => f.note)).toEqual(['who is this?']);
    await expect(core.api.getIdentity({ actor_uid: 'AIDAEXAMPLEALICE0001' })).rejects.toMatchObject({
      kind: 'not_found',
    });
    core.close();
  });

  it('gives the same identities when every file comes in one ingest', async () => {
    const { core, rows, by } = await identitiesAfter([['early.json', 'later.json']]);
    core.close();
    expectKeys(by, rows);
  });

  it('gives the people behind IAM Identity Center identities of their own, linked to the permission-set role', async () => {
    const { core, by } = await identitiesAfter([['sso.json']]);
    const role =
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef';
    expect(by.get('aws-sso-user:alice@example.com')).toMatchObject({
      category: 'human',
      kind: 'person',
      event_count: 4, // 3 through AdministratorAccess, 1 through ReadOnlyAccess
      display_name: 'alice@example.com',
    });
    // bob's session record has no sessionIssuer: his role is derived from the session ARN and merged with the path
    expect(by.get('aws-sso-user:bob@example.com')).toMatchObject({ category: 'human', kind: 'person', event_count: 1 });
    expect(by.get(role)).toMatchObject({ category: 'human', kind: 'iam_role', event_count: 4 });
    expect(by.get(role)?.reason).toContain('alice@example.com (3 events), bob@example.com (1 events)');
    expect(by.get('aws-sso-user:alice@example.com')?.reason).toContain(
      'AWSReservedSSO_AdministratorAccess_0123456789abcdef',
    );

    // the links and the credentials, as the identity page reads them
    expect(await core.api.listIdentityLinks({ actor_uid: 'aws-sso-user:alice@example.com' })).toEqual([
      expect.objectContaining({ group_uid: role, event_count: 3 }),
      expect.objectContaining({
        group_uid: expect.stringMatching(/\/AWSReservedSSO_ReadOnlyAccess_fedcba9876543210$/),
        event_count: 1,
      }),
    ]);
    expect((await core.api.listIdentityLinks({ actor_uid: role })).map((l) => [l.member_uid, l.event_count])).toEqual([
      ['aws-sso-user:alice@example.com', 3],
      ['aws-sso-user:bob@example.com', 1],
    ]);
    // the role's credentials are its people's in that role: not alice's key of her other role (…00005)
    const creds = await core.api.listCredentials({ actor_uid: role });
    const keys = creds.filter((c) => c.kind === 'temporary_key');
    expect(keys.map((c) => [c.id, c.actor_uid, c.events])).toEqual([
      ['ASIAEXAMPLESSO00004', 'aws-sso-user:bob@example.com', 1],
      ['ASIAEXAMPLESSO00003', 'aws-sso-user:alice@example.com', 1],
      ['ASIAEXAMPLESSO00002', 'aws-sso-user:alice@example.com', 1],
      ['ASIAEXAMPLESSO00001', 'aws-sso-user:alice@example.com', 1],
    ]);
    expect(keys[0]).toMatchObject({ src_ips: ['198.51.100.20'], user_agents: ['aws-cli/2.15.0 Python/3.11'] });
    const sessions = await core.api.listCredentials({ actor_uid: 'aws-sso-user:alice@example.com' });
    expect(sessions.filter((c) => c.kind === 'session')).toEqual([
      expect.objectContaining({
        id: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnlyAccess_fedcba9876543210/alice@example.com',
        events: 1,
      }),
      expect.objectContaining({
        id: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com',
        events: 3,
        src_ip_count: 1,
        user_agent_count: 3,
      }),
    ]);
    core.close();
  });
});
