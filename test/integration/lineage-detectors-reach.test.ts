// The lineage detectors of reach over real DuckDB: a session used from a network its issuer never used, and a
// chain into another account; each beside its near miss (a session used from the issuer's own network, a
// cross-account pair already linked before the window, a new pair inside one account).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossAccountChain, sessionNewNetwork } from '../../main/core/analysis/detectors/lineage';
import { detect } from '../../main/core/analysis/run-analysis';
import { ingest, openTempCase } from '../helpers/core';
import { ACCOUNT, DAY, assume, iamUser, record, roleArn, session } from '../helpers/lineage-records';
import { tempDir } from '../helpers/paths';

type Obj = Record<string, unknown>;
const WINDOW = '2026-10-05T00:00:00Z'; // day 4 on: records at 5 * DAY are in the analysed window

/** An AssumeRole into `account`'s role (the helper's records name the case's own account). */
function assumeInto(minute: number, who: Obj, account: string, role: string, key: string, name: string): Obj {
  const r = assume(minute, 'AssumeRole', who, role, key, name);
  const arn = `arn:aws:iam::${account}:role/${role}`;
  return {
    ...r,
    requestParameters: { roleArn: arn, roleSessionName: name, durationSeconds: 3600 },
    responseElements: {
      ...(r.responseElements as Obj),
      assumedRoleUser: {
        assumedRoleId: `AROAOTHER:${name}`,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
      },
    },
    resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: arn }],
  };
}

/** A call made in `account` with a session of its role `role`. */
function callIn(minute: number, account: string, role: string, name: string, key: string): Obj {
  return record(
    minute,
    'ListBuckets',
    {
      type: 'AssumedRole',
      principalId: `AROAOTHER:${name}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
      accountId: account,
      accessKeyId: key,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::${account}:role/${role}`,
          accountId: account,
          userName: role,
        },
      },
    },
    { recipientAccountId: account },
  );
}

async function run(records: Obj[], name: string) {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: records }));
  const { core } = await openTempCase(name);
  await ingest(core, [dir]);
  const r = await detect(core.session.requireCase().db, {
    baselineUntil: WINDOW,
    detectors: [sessionNewNetwork, crossAccountChain],
  });
  core.close();
  return r.signals;
}

describe('lineage detectors of reach', () => {
  it("flag a session's key used from a network its issuer never used, not one used from the issuer's own", async () => {
    const deployer = iamUser('deployer', 'AKIADEPLOYER000001');
    const out: Obj[] = [];
    for (let d = 0; d < 4; d++) {
      // the issuer's history: its own calls and a session a day, all from 198.51.100.7 (record's default)
      for (let i = 0; i < 6; i++) out.push(record(d * DAY + i, 'DescribeInstances', deployer));
      const key = `ASIADAILY00000000${d}`;
      out.push(assume(d * DAY + 10, 'AssumeRole', deployer, 'prod-admin', key, `daily-${d}`));
      out.push(record(d * DAY + 11, 'ListBuckets', session('prod-admin', `daily-${d}`, key)));
    }
    const t = 5 * DAY;
    // issued where the deployer always works, then used from elsewhere: stolen
    out.push(assume(t, 'AssumeRole', deployer, 'prod-admin', 'ASIASTOLEN00000001', 'release'));
    for (let i = 0; i < 3; i++)
      out.push({
        ...record(t + 5 + i, 'GetSecretValue', session('prod-admin', 'release', 'ASIASTOLEN00000001')),
        sourceIPAddress: '203.0.113.9',
      });
    // near miss: another address of the deployer's own /16
    out.push(assume(t + 60, 'AssumeRole', deployer, 'prod-admin', 'ASIAHOME0000000001', 'hotfix'));
    out.push({
      ...record(t + 61, 'ListBuckets', session('prod-admin', 'hotfix', 'ASIAHOME0000000001')),
      sourceIPAddress: '198.51.100.99',
    });

    const signals = await run(out, 'session-network');
    const found = signals.filter((s) => s.detector === 'session_new_network');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.actor_uid).toBe(roleArn('prod-admin'));
    expect(f.title).toContain('203.0.113.9');
    expect(f.explanation).toContain('ASIASTOLEN00000001');
    expect(f.explanation).toContain('198.51.0.0/16');
    expect(f.event_uids).toHaveLength(4); // the AssumeRole and the three calls
    expect(f.score).toBeGreaterThanOrEqual(60); // prod-admin never used that network either
    expect(signals.filter((s) => s.detector === 'cross_account_chain')).toEqual([]);
  });

  it('flag a chain into another account by a new pair, not a pair linked before or a hop inside one account', async () => {
    const KNOWN_ACCT = '444455556666';
    const NEW_ACCT = '777788889999';
    const out: Obj[] = [];
    for (let d = 0; d < 4; d++) {
      const ci = session('ci-deploy', `gha-${d}`, `ASIACI00000000000${d}`);
      for (let i = 0; i < 6; i++) out.push(record(d * DAY + i, 'PutObject', ci));
      // before the window, ci-deploy already reaches the audit role of the other account
      out.push(assumeInto(d * DAY + 10, ci, KNOWN_ACCT, 'audit', `ASIAAUDIT00000000${d}`, `audit-${d}`));
      out.push(callIn(d * DAY + 11, KNOWN_ACCT, 'audit', `audit-${d}`, `ASIAAUDIT00000000${d}`));
    }
    const t = 5 * DAY;
    const ci = session('ci-deploy', 'gha-5', 'ASIACI000000000005');
    out.push(record(t, 'PutObject', ci));
    // an account no identity of this one ever reached: high
    out.push(assumeInto(t + 1, ci, NEW_ACCT, 'ops', 'ASIAOPS00000000001', 'x'));
    out.push(callIn(t + 2, NEW_ACCT, 'ops', 'x', 'ASIAOPS00000000001'));
    out.push(callIn(t + 3, NEW_ACCT, 'ops', 'x', 'ASIAOPS00000000001'));
    // a new role of the account already reached: the pair is new, the accounts are not
    out.push(assumeInto(t + 4, ci, KNOWN_ACCT, 'billing', 'ASIABILL0000000001', 'y'));
    // near misses: the known pair again, and a new pair inside the case's own account
    out.push(assumeInto(t + 5, ci, KNOWN_ACCT, 'audit', 'ASIAAUDIT000000005', 'audit-5'));
    out.push(assumeInto(t + 6, ci, ACCOUNT, 'prod-admin', 'ASIASAME0000000001', 'z'));
    out.push(record(t + 7, 'ListBuckets', session('prod-admin', 'z', 'ASIASAME0000000001')));

    const signals = await run(out, 'cross-account');
    const found = signals.filter((s) => s.detector === 'cross_account_chain');
    expect(found.map((s) => s.actor_uid).sort()).toEqual([
      `arn:aws:iam::${KNOWN_ACCT}:role/billing`,
      `arn:aws:iam::${NEW_ACCT}:role/ops`,
    ]);
    const ops = found.find((s) => s.actor_uid?.includes(NEW_ACCT))!;
    expect(ops.severity).toBe('high');
    expect(ops.title).toContain(`${ACCOUNT} → ${NEW_ACCT}`);
    expect(ops.explanation).toContain(`no identity of account ${ACCOUNT} reached account ${NEW_ACCT}`);
    expect(ops.event_uids).toHaveLength(3); // the AssumeRole and the two calls with its key
    const billing = found.find((s) => s !== ops)!;
    expect(billing.severity).toBe('medium');
    expect(billing.explanation).toContain('never linked before the window');
  });
});
