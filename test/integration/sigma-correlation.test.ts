import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../main/core/case/case-file';
import { compileRuleDocs, runSigmaRules, type SigmaRuleSet } from '../../main/core/sigma';
import { splitDocuments } from '../../main/core/sigma/rule-doc';
import { insertEvents, matchedUids, openEventCase, type TestEvent } from '../helpers/sigma-events';

/** A rule collection in one multi-document file: three base rules and the correlations over them. */
const COLLECTION = `
title: Secret read
id: 11111111-0000-4000-8000-000000000001
name: secret_read
logsource: { product: aws, service: cloudtrail }
detection:
  selection:
    eventSource: secretsmanager.amazonaws.com
    eventName: GetSecretValue
  condition: selection
level: low
---
title: User created
id: 11111111-0000-4000-8000-000000000002
name: user_created
logsource: { product: aws, service: cloudtrail }
detection:
  selection: { eventName: CreateUser }
  condition: selection
---
title: Admin policy attached
id: 11111111-0000-4000-8000-000000000003
name: admin_attached
logsource: { product: aws, service: cloudtrail }
detection:
  selection:
    eventName: AttachUserPolicy
    requestParameters.policyArn|endswith: /AdministratorAccess
  condition: selection
---
title: Burst of secret reads
id: 22222222-0000-4000-8000-000000000001
correlation:
  type: event_count
  rules: [secret_read]
  group-by: [userIdentity.arn]
  timespan: 5m
  condition: { gte: 3 }
level: high
---
title: Many different secrets read
id: 22222222-0000-4000-8000-000000000002
correlation:
  type: value_count
  rules: [11111111-0000-4000-8000-000000000001]
  group-by: [userIdentity.arn]
  timespan: 10m
  condition: { field: requestParameters.secretId, gt: 2 }
level: high
---
title: Admin user created
id: 22222222-0000-4000-8000-000000000003
correlation:
  type: temporal
  rules: [user_created, admin_attached]
  group-by: [principal]
  aliases:
    principal:
      user_created: userIdentity.arn
      admin_attached: userIdentity.arn
  timespan: 10m
  generate: true
level: critical
---
title: User created, then made admin
id: 22222222-0000-4000-8000-000000000004
correlation:
  type: temporal_ordered
  rules: [user_created, admin_attached]
  group-by: [userIdentity.arn]
  timespan: 10m
level: critical
`;

const T0 = Date.parse('2026-03-02T03:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

function ct(uid: string, minutes: number, arn: string, eventName: string, extra: object = {}): TestEvent {
  const eventSource = eventName === 'GetSecretValue' ? 'secretsmanager.amazonaws.com' : 'iam.amazonaws.com';
  return {
    uid,
    source: 'cloudtrail',
    time: at(minutes),
    actor: arn,
    raw: { eventSource, eventName, userIdentity: { arn }, ...extra },
  };
}
const secret = (uid: string, m: number, arn: string, id: string) =>
  ct(uid, m, arn, 'GetSecretValue', { requestParameters: { secretId: id } });

const EVENTS: TestEvent[] = [
  // ci-role reads three different secrets within 2 minutes: event_count and value_count hold.
  secret('r1', 0, 'role/ci', 'db'),
  secret('r2', 1, 'role/ci', 'api'),
  secret('r3', 2, 'role/ci', 'stripe'),
  // batch-role reads the same secret three times, 20 minutes apart: neither holds.
  secret('b1', 0, 'role/batch', 'db'),
  secret('b2', 20, 'role/batch', 'db'),
  secret('b3', 40, 'role/batch', 'db'),
  // app-role reads one secret three times in a minute: event_count holds, value_count (distinct ids) does not.
  secret('a1', 0, 'role/app', 'cfg'),
  secret('a2', 0.5, 'role/app', 'cfg'),
  secret('a3', 1, 'role/app', 'cfg'),
  // Three quick reads with no principal in the record belong to no group.
  {
    uid: 'n1',
    source: 'cloudtrail',
    time: at(0),
    actor: null,
    raw: { eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue' },
  },
  {
    uid: 'n2',
    source: 'cloudtrail',
    time: at(0.1),
    actor: null,
    raw: { eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue' },
  },
  {
    uid: 'n3',
    source: 'cloudtrail',
    time: at(0.2),
    actor: null,
    raw: { eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue' },
  },
  // deploy-role creates a user and attaches admin 3 minutes later; ops-role does both an hour apart.
  ct('u1', 5, 'role/deploy', 'CreateUser'),
  ct('p1', 8, 'role/deploy', 'AttachUserPolicy', {
    requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  }),
  ct('u2', 5, 'role/ops', 'CreateUser'),
  ct('p2', 65, 'role/ops', 'AttachUserPolicy', {
    requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  }),
  // rev-role attaches admin first and creates the user two minutes later: temporal, but not in order.
  ct('p4', 20, 'role/rev', 'AttachUserPolicy', {
    requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  }),
  ct('u4', 22, 'role/rev', 'CreateUser'),
  // A different principal attaching admin does not complete deploy-role's pair.
  ct('p3', 6, 'role/other', 'AttachUserPolicy', {
    requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  }),
];

describe('Sigma correlation rules over a real case file', () => {
  let kase: CaseFile;
  let set: SigmaRuleSet;
  const rule = (id: string) => set.rules.find((r) => r.id === id)!;

  beforeAll(async () => {
    const { docs, errors } = splitDocuments('collection.yml', COLLECTION);
    expect(errors).toEqual([]);
    set = compileRuleDocs(docs);
    kase = await openEventCase();
    await insertEvents(kase.db, EVENTS);
  });
  afterAll(() => kase.close());

  it('compiles the whole collection', () => {
    expect(set.rejected).toEqual([]);
    expect(set.rules.map((r) => [r.title, r.kind, r.standalone])).toEqual([
      ['Secret read', 'detection', false],
      ['User created', 'detection', true],
      ['Admin policy attached', 'detection', true],
      ['Burst of secret reads', 'correlation', true],
      ['Many different secrets read', 'correlation', true],
      ['Admin user created', 'correlation', true],
      ['User created, then made admin', 'correlation', true],
    ]);
  });

  it('event_count: three reads by one identity within five minutes', async () => {
    expect(await matchedUids(kase.db, rule('22222222-0000-4000-8000-000000000001'))).toEqual([
      'a1',
      'a2',
      'a3',
      'r1',
      'r2',
      'r3',
    ]);
  });

  it('value_count: more than two distinct secrets within ten minutes', async () => {
    expect(await matchedUids(kase.db, rule('22222222-0000-4000-8000-000000000002'))).toEqual(['r1', 'r2', 'r3']);
  });

  it('temporal: both rules for the same principal (through aliases) within the timespan', async () => {
    expect(await matchedUids(kase.db, rule('22222222-0000-4000-8000-000000000003'))).toEqual(['p1', 'p4', 'u1', 'u4']);
  });

  it('temporal_ordered: the rules in their order within the timespan', async () => {
    expect(await matchedUids(kase.db, rule('22222222-0000-4000-8000-000000000004'))).toEqual(['p1', 'u1']);
  });

  it('makes one finding per group per burst, and none for rules only used by a correlation', async () => {
    const findings = await runSigmaRules(kase.db, set.rules);
    const by = (id: string) => findings.filter((f) => f.detector === `sigma:${id}`);
    expect(by('11111111-0000-4000-8000-000000000001')).toEqual([]);
    const burst = by('22222222-0000-4000-8000-000000000001');
    expect(burst.map((f) => [f.actor_uid, f.event_uids])).toEqual([
      ['role/app', ['a1', 'a2', 'a3']],
      ['role/ci', ['r1', 'r2', 'r3']],
    ]);
    expect(burst[0]).toMatchObject({
      severity: 'high',
      start: '2026-03-02T03:00:00.000Z',
      end: '2026-03-02T03:01:00.000Z',
    });
    expect(burst[0]!.explanation).toMatch(
      /Sigma correlation rule "Burst of secret reads".*event_count of secret_read within 5m by userIdentity.arn where gte 3.*held for 3 events/,
    );
    const admin = by('22222222-0000-4000-8000-000000000003');
    expect(admin.map((f) => [f.actor_uid, f.event_uids])).toEqual([
      ['role/deploy', ['u1', 'p1']],
      ['role/rev', ['p4', 'u4']],
    ]);
    expect(admin[0]).toMatchObject({ severity: 'critical' });
    // generate: true keeps the base rules' own findings: three creations and four admin attachments.
    expect(by('11111111-0000-4000-8000-000000000002')).toHaveLength(3);
    expect(by('11111111-0000-4000-8000-000000000003')).toHaveLength(4);
  });

  it('reports correlations it cannot run, with the reason', () => {
    const base = COLLECTION.split('---')[0]!;
    const corr = (body: string) => `${base}---\ntitle: C\nid: c-1\ncorrelation:\n${body}\n`;
    const reason = (text: string) => compileRuleDocs(splitDocuments('c.yml', text).docs).rejected.map((r) => r.reason);
    expect(
      reason(corr('  type: temporal_ordered\n  rules: [secret_read]\n  timespan: 5m\n  condition: { gte: 2 }')),
    ).toEqual(['temporal_ordered is supported with its default condition (all rules, in order) only']);
    expect(reason(corr('  type: event_count\n  rules: [nope]\n  timespan: 5m\n  condition: { gte: 2 }'))).toEqual([
      'correlation refers to unknown rule "nope"',
    ]);
    expect(
      reason(corr('  type: event_count\n  rules: [secret_read]\n  timespan: 1 hour\n  condition: { gte: 2 }')),
    ).toEqual(['timespan "1 hour" is not a number with s/m/h/d/w']);
    expect(
      reason(corr('  type: value_count\n  rules: [secret_read]\n  timespan: 5m\n  condition: { gte: 2 }')),
    ).toEqual(['value_count needs condition.field']);
    const chain = `${corr('  type: event_count\n  rules: [secret_read]\n  timespan: 5m\n  condition: { gte: 2 }')}---\ntitle: D\nid: d-1\ncorrelation:\n  type: event_count\n  rules: [c-1]\n  timespan: 5m\n  condition: { gte: 2 }\n`;
    expect(reason(chain)).toEqual([
      'correlation refers to rule "c-1", which is not usable: it is a correlation (chains are not supported)',
    ]);
  });
});

/** value_sum / value_avg / value_percentile / value_median over the bytes of S3 downloads, per identity. */
const NUMERIC = `
title: Object downloaded
id: 33333333-0000-4000-8000-000000000001
name: download
logsource: { product: aws, service: cloudtrail }
detection:
  selection: { eventName: GetObject }
  condition: selection
${[
  ['value_sum', '{ field: additionalEventData.bytesTransferredOut, gt: 2000 }'],
  ['value_avg', '{ field: additionalEventData.bytesTransferredOut, gte: 500, lte: 1000 }'],
  ['value_percentile', '{ field: additionalEventData.bytesTransferredOut, percentile: 90, gte: 3000 }'],
  ['value_median', '{ field: additionalEventData.bytesTransferredOut, gte: 500 }'],
]
  .map(
    ([type, cond], i) => `---
title: ${type}
id: 44444444-0000-4000-8000-00000000000${i + 1}
correlation:
  type: ${type}
  rules: [download]
  group-by: [userIdentity.arn]
  timespan: 10m
  condition: ${cond}`,
  )
  .join('\n')}
`;

const get = (uid: string, m: number, arn: string, bytes: number | string): TestEvent =>
  ct(uid, m, arn, 'GetObject', { additionalEventData: { bytesTransferredOut: bytes } });

describe('Sigma numeric correlations (value_sum, value_avg, value_percentile, value_median)', () => {
  let kase: CaseFile;
  let set: SigmaRuleSet;
  const uids = (i: number) =>
    matchedUids(
      kase.db,
      set.rules.find((r) => r.id === `44444444-0000-4000-8000-00000000000${i}`)!,
    );

  beforeAll(async () => {
    set = compileRuleDocs(splitDocuments('numeric.yml', NUMERIC).docs);
    kase = await openEventCase();
    await insertEvents(kase.db, [
      // exfil: 600, 700, 800 bytes (sum 2100, mean 700, median 700, 90th percentile 780).
      get('x1', 0, 'role/exfil', 600),
      get('x2', 1, 'role/exfil', 700),
      get('x3', 2, 'role/exfil', 800),
      // spiky: 10, 10, 5000 (sum 5020, mean 1673, median 10, 90th percentile 4002).
      get('k1', 0, 'role/spiky', 10),
      get('k2', 1, 'role/spiky', 10),
      get('k3', 2, 'role/spiky', 5000),
      // small: 10, 20 and a value that is no number (ignored): sum 30.
      get('s1', 0, 'role/small', 10),
      get('s2', 1, 'role/small', 20),
      get('s3', 2, 'role/small', 'n/a'),
      // exfil again, an hour later: its own window (sum 900).
      get('x4', 70, 'role/exfil', 900),
    ]);
  });
  afterAll(() => kase.close());

  it('compiles every numeric type', () => {
    expect(set.rejected).toEqual([]);
    expect(set.rules.find((r) => r.id.endsWith('3'))?.condition).toContain('percentile 90 of additionalEventData');
  });

  it('value_sum: more than 2000 bytes within ten minutes', async () => {
    expect(await uids(1)).toEqual(['k1', 'k2', 'k3', 'x1', 'x2', 'x3']);
  });

  it('value_avg: a mean from 500 to 1000 bytes', async () => {
    expect(await uids(2)).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('value_percentile: the 90th percentile at least 3000 bytes', async () => {
    expect(await uids(3)).toEqual(['k1', 'k2', 'k3']);
  });

  it('value_median: a median of at least 500 bytes', async () => {
    expect(await uids(4)).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('rejects a numeric correlation without its field or percentile', () => {
    const base = NUMERIC.split('---')[0]!;
    const reason = (body: string) =>
      compileRuleDocs(
        splitDocuments('c.yml', `${base}---\ntitle: C\nid: c-1\ncorrelation:\n${body}\n`).docs,
      ).rejected.map((r) => r.reason);
    expect(reason('  type: value_sum\n  rules: [download]\n  timespan: 5m\n  condition: { gte: 2 }')).toEqual([
      'value_sum needs condition.field',
    ]);
    expect(
      reason('  type: value_percentile\n  rules: [download]\n  timespan: 5m\n  condition: { field: a, gte: 2 }'),
    ).toEqual(['value_percentile needs condition.percentile from 0 to 100, not "undefined"']);
  });
});

describe('Sigma rule collections', () => {
  it('applies action: global to the documents after it, and reports broken documents', () => {
    const text = `action: global
title: Shared title
logsource: { product: github, service: audit }
detection:
  condition: selection
level: low
---
id: g-1
detection:
  selection: { action: repo.destroy }
---
id: g-2
title: Own title
detection:
  selection: { action: org.remove_member }
---
id: g-3
title: Bad
logsource: { product: windows }
detection:
  selection: { EventID: 1 }
  condition: selection
---
[not, a, map]
`;
    const { docs, errors } = splitDocuments('collection.yml', text);
    expect(errors).toEqual([{ file: 'collection.yml (document 5)', reason: 'document is not a YAML map' }]);
    const set = compileRuleDocs(docs);
    expect(set.rules.map((r) => [r.id, r.title, r.level, r.sources])).toEqual([
      ['g-1', 'Shared title', 'low', ['github_audit']],
      ['g-2', 'Own title', 'low', ['github_audit']],
    ]);
    expect(set.rejected).toEqual([
      {
        file: 'collection.yml',
        id: 'g-3',
        title: 'Bad',
        reason: 'logsource not mapped (product=windows, service=audit)',
      },
    ]);
  });
});
