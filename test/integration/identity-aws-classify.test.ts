// Human or machine from the weight of an identity's evidence, through the real ingest and analysis: a handful of
// console events never turns a machine into a person (they are a finding instead), console use is recognised in
// every form CloudTrail writes it, mixed evidence says unknown with both sides, and the investigator's override wins.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { type Identity } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { checkBehaviourReason } from '../helpers/aws-reason-truth';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const ACCOUNT = '111122223333';
const user = (name: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${name.toUpperCase().replace(/[^A-Z]/g, '')}0001`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAEXAMPLE0000001',
  userName: name,
});
const role = (name: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROA${name.toUpperCase().replace(/[^A-Z]/g, '')}01:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLE0000001',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, accountId: ACCOUNT, userName: name },
  },
});
const at = (day: number, minute: number) => new Date(Date.UTC(2026, 9, day, 8, minute)).toISOString();

/** The service user: 1,768 SDK calls over 10-01..10-16, then the intruder's one console sign-in on 10-17 13:11. */
function serviceUser(): Record<string, unknown>[] {
  const calls = Array.from({ length: 1768 }, (_, i) => ({
    eventTime: at(1 + (i % 16), Math.floor(i / 16) % 600),
    eventName: 'GetObject',
    userAgent: 'aws-sdk-java/2.20.0 Linux/5.10',
    userIdentity: user('svc-report'),
  }));
  return [
    ...calls,
    {
      eventTime: '2026-10-17T13:11:00Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      sourceIPAddress: '198.51.100.66',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0',
      userIdentity: user('svc-report'),
      responseElements: { ConsoleLogin: 'Success' },
    },
  ];
}

/** One role per form of console use that CloudTrail writes, each used only that way. */
const CONSOLE_FORMS: [string, Record<string, unknown>][] = [
  ['ec2-console-host', { userAgent: 'console.ec2.amazonaws.com' }],
  ['s3-console', { userAgent: '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10]' }],
  ['bracketed-browser', { userAgent: '[Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15]' }],
  ['internal-console', { userAgent: 'AWS Internal', sessionCredentialFromConsole: 'true' }],
  ['additional-data', { userAgent: 'AWS Internal', additionalEventData: { sessionCredentialFromConsole: 'true' } }],
  ['signin-host', { userAgent: 'signin.amazonaws.com' }],
];

function consoleRoles(): Record<string, unknown>[] {
  return CONSOLE_FORMS.flatMap(([name, extra]) =>
    Array.from({ length: 3 }, (_, i) => ({
      eventTime: at(5, i),
      eventName: 'DescribeInstances',
      userIdentity: role(name, 'jane.doe'),
      ...extra,
    })),
  );
}

/** 30 programmatic calls and 10 console calls spread over 5 days: no side outweighs the other. */
function mixedUser(): Record<string, unknown>[] {
  return [
    ...Array.from({ length: 30 }, (_, i) => ({
      eventTime: at(2 + (i % 5), i),
      userAgent: 'aws-cli/2.15.0 Python/3.11',
      userIdentity: user('ops-shared'),
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      eventTime: at(2 + (i % 5), 40 + i),
      userAgent: 'console.amazonaws.com',
      userIdentity: user('ops-shared'),
    })),
  ];
}

describe('CloudTrail identities classified from the weight of their evidence', () => {
  let core: CoreService;
  let by: Map<string, Identity>;

  async function analyse() {
    const { job } = await core.api.startAnalysis({});
    const end = await core.session.jobs.wait(job);
    if (end.state !== 'done' || end.kind !== 'analysis' || !end.result) throw new Error(`analysis ${end.state}`);
  }
  const listed = async () =>
    new Map((await core.api.listIdentities({ limit: 200 })).rows.map((r) => [r.actor_uid, r] as const));

  beforeAll(async () => {
    const dir = await tempDir();
    const records = [...serviceUser(), ...consoleRoles(), ...mixedUser()];
    await writeFile(
      path.join(dir, 'trail.json'),
      cloudTrailRecords(records.length, (i) => records[i]!),
    );
    ({ core } = await openTempCase('classify'));
    await ingest(core, [dir]);
    by = await listed();
  });
  afterAll(() => core.close());

  it('keeps a service user with one console sign-in a machine, and says both sides', () => {
    const svc = by.get(`arn:aws:iam::${ACCOUNT}:user/svc-report`);
    expect(svc).toMatchObject({ category: 'machine', kind: 'iam_user', event_count: 1769 });
    expect(svc?.reason).toContain(
      'machine: 1,768 of 1,769 calls programmatic (top userAgent = aws-sdk-java/2.20.0 Linux/5.10)',
    );
    expect(svc?.reason).toContain('1 console sign-in on 10-17 13:11');
  });

  it('recognises console use in every form CloudTrail writes it', () => {
    for (const [name] of CONSOLE_FORMS) {
      const r = by.get(`arn:aws:iam::${ACCOUNT}:role/${name}`);
      expect(r, name).toMatchObject({ category: 'human', kind: 'iam_role' });
      expect(r?.reason, name).toContain('human: all 3 events from the console: 3 calls from the console');
    }
  });

  it('calls mixed evidence unknown, with both sides', () => {
    const mixed = by.get(`arn:aws:iam::${ACCOUNT}:user/ops-shared`);
    expect(mixed).toMatchObject({ category: 'unknown' });
    expect(mixed?.reason).toContain('mixed: 30 of 40 calls programmatic (top userAgent = aws-cli/2.15.0 Python/3.11)');
    expect(mixed?.reason).toContain(
      '10 calls from the console (0 console sign-ins, top userAgent = console.amazonaws.com)',
    );
    expect(mixed?.reason).toContain('on 5 days');
  });

  it('cites in every behaviour reason the counts and user agents that the raw records show', async () => {
    const db = core.session.requireCase().db;
    let checked = 0;
    for (const r of by.values()) {
      const raws = await db.all<{ raw: string }>('SELECT raw FROM events WHERE actor_uid = ?', [r.actor_uid]);
      if (
        checkBehaviourReason(
          r.reason,
          raws.map((x) => x.raw),
        )
      )
        checked++;
    }
    expect(checked).toBe(by.size);
  });

  it('reports the console sign-in of the machine as machine_used_like_human, and only on machines', async () => {
    await analyse();
    const findings = (await core.api.listFindings({ limit: 200 })).rows;
    const human = findings.filter((f) => f.detector === 'machine_used_like_human');
    expect(human.map((f) => f.actor_uid)).toEqual([`arn:aws:iam::${ACCOUNT}:user/svc-report`]);
    for (const f of human) expect(by.get(f.actor_uid!)?.category).toBe('machine');
  });

  it('lets the investigator override win everywhere, analysis included', async () => {
    const uid = `arn:aws:iam::${ACCOUNT}:user/svc-report`;
    await core.api.setIdentityCategory({ actor_uid: uid, category: 'human', note: 'a person holds this key' });
    expect((await listed()).get(uid)).toMatchObject({ category: 'human', overridden: true });
    expect(
      (await core.api.listIdentities({ category: 'machine', limit: 200 })).rows.map((r) => r.actor_uid),
    ).not.toContain(uid);
    await analyse();
    const findings = (await core.api.listFindings({ limit: 200 })).rows;
    expect(findings.filter((f) => f.detector === 'machine_used_like_human')).toEqual([]);
  });
});
