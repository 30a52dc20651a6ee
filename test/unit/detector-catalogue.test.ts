import { afterEach, describe, expect, it } from 'vitest';
import { humanLike, offensiveTool } from '../../main/core/analysis/detectors/human-like';
import { sensitiveOperation } from '../../main/core/analysis/detectors/sensitive';
import type { CaseFile } from '../../main/core/case/case-file';
import { analyse, at, CI, crafted, routine } from './detector-fixture';

let c: CaseFile | null = null;
afterEach(() => c?.close());

describe('sensitive operation detector', () => {
  it('fires on logging tampering never done by the identity (high)', async () => {
    c = await crafted([
      ...routine(21, 12),
      { time: at(2, 14), op: 'StopLogging', service: 'cloudtrail.amazonaws.com' },
      { time: at(2, 14, 1), op: 'DeleteTrail', service: 'cloudtrail.amazonaws.com' },
    ]);
    const r = await analyse(c, [sensitiveOperation]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.severity).toBe('high');
    expect(r.signals[0]!.explanation).toBe(
      'logging tampering: DeleteTrail, StopLogging (2 calls in 1 minute), never done by this identity in its learning window',
    );
  });

  it('matches other sources: a Kubernetes secrets list, a GCP service account key', async () => {
    c = await crafted([
      ...routine(21, 12),
      { time: at(1, 14), source: 'k8s_audit', op: 'list', resource_type: 'secrets', service: 'core' },
      {
        time: at(3, 14),
        source: 'gcp_audit',
        op: 'google.iam.admin.v1.CreateServiceAccountKey',
        service: 'iam.googleapis.com',
      },
    ]);
    const r = await analyse(c, [sensitiveOperation]);
    expect(r.signals.map((s) => s.title)).toEqual([
      'Sensitive operation (secret read): list',
      'Sensitive operation (credential creation): google.iam.admin.v1.CreateServiceAccountKey',
    ]);
  });

  it('weighs down what the identity routinely does (its daily secret read is info, not stored)', async () => {
    c = await crafted([
      ...routine(21, 12, {}, ['GetSecretValue', 'DescribeInstances']),
      { time: at(2, 14), op: 'GetSecretValue' },
    ]);
    const r = await analyse(c, [sensitiveOperation]);
    expect(r.signals.every((s) => s.severity === 'info')).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('names what the calls acted on, and a routine operation on a target never touched keeps its weight', async () => {
    // A CI role that reads its own secret and creates keys for its deploy user every working day.
    const daily = routine(21, 12, {}, ['GetSecretValue', 'CreateAccessKey', 'DescribeInstances']).map((e) =>
      e.op === 'GetSecretValue'
        ? { ...e, targets: ['ci/deploy'] }
        : e.op === 'CreateAccessKey'
          ? { ...e, targets: ['deploy-bot', `AKIA${e.time}`] }
          : e,
    );
    c = await crafted([
      ...daily,
      // Recent: the usual secret (routine), then a key for a user it never touched (the backdoor) and a new secret.
      { time: at(2, 14), op: 'GetSecretValue', targets: ['ci/deploy'] },
      { time: at(3, 3), op: 'CreateAccessKey', targets: ['svc-support', 'AKIANEWKEY'] },
      {
        time: at(4, 3),
        op: 'GetSecretValue',
        targets: ['prod/db', 'arn:aws:secretsmanager:us-east-1:1:secret:prod/db'],
      },
    ]);
    const r = await analyse(c, [sensitiveOperation]);
    const bySignal = (day: number) =>
      r.signals.find((s) => s.start.startsWith(new Date(at(day, 0)).toISOString().slice(0, 10)))!;
    expect(bySignal(2).severity).toBe('info');
    expect(bySignal(2).explanation).toBe(
      'secret read: GetSecretValue on ci/deploy (1 call within a minute), routine for this identity (seen in its learning window)',
    );
    const backdoor = bySignal(3);
    expect(backdoor.severity).not.toBe('info');
    expect(backdoor.explanation).toBe(
      'credential creation: CreateAccessKey on svc-support, AKIANEWKEY (1 call within a minute), routine for this identity, but never on svc-support in its learning window',
    );
    expect(bySignal(4).severity).not.toBe('info');
    expect(bySignal(4).explanation).toMatch(
      /^secret read: GetSecretValue on prod\/db, arn:aws:secretsmanager:us-east-1:1:secret:prod\/db /,
    );
    expect(r.findings.map((f) => f.explanation).join('\n')).toMatch(/svc-support/);
  });
});

describe('machine used like a person, offensive tools', () => {
  const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0';

  const signIn = () => [
    ...routine(21, 12),
    { time: at(2, 11), op: 'ConsoleLogin', service: 'signin.amazonaws.com', ua: FIREFOX, ip: '91.2.3.4' },
  ];

  // "Machine identity …" is said only of identities whose effective category is machine (issue 19): the weighted
  // classifier keeps an SDK-only identity with one console sign-in a machine, and an override to human silences it.
  it('stays quiet on an identity whose effective category is not machine', async () => {
    c = await crafted(signIn(), { [CI]: 'human' });
    expect((await analyse(c, [humanLike])).signals).toEqual([]);
  });

  it('fires on a console sign-in by a machine identity that only ever used an SDK', async () => {
    c = await crafted(signIn(), { [CI]: 'machine' });
    const r = await analyse(c, [humanLike]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.title).toBe('Machine identity signed in to the console');
    expect(r.signals[0]!.explanation).toContain(
      '1 console sign-in, 1 call within a minute (ConsoleLogin) from 91.2.3.4 with Mozilla/5.0',
    );
  });

  it('fires on kubectl from a workload service account', async () => {
    const sa = 'system:serviceaccount:payments:api';
    c = await crafted([
      ...routine(21, 12, { actor: sa, source: 'k8s_audit', ua: 'payments-api/1.4 (linux/amd64)' }),
      {
        time: at(1, 14),
        actor: sa,
        source: 'k8s_audit',
        op: 'list',
        ua: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3d7a1a2',
      },
    ]);
    expect((await analyse(c, [humanLike])).signals.map((s) => s.title)).toEqual([
      'Machine identity used interactively',
    ]);
  });

  it('stays quiet for people signing in as usual', async () => {
    const person = 'arn:aws:iam::111122223333:user/alice';
    c = await crafted(
      [
        ...routine(21, 6, { actor: person, ua: FIREFOX, op: 'ConsoleLogin' }),
        { time: at(2, 14), actor: person, op: 'ConsoleLogin', ua: FIREFOX },
      ],
      {
        [person]: 'human',
      },
    );
    expect((await analyse(c, [humanLike])).signals).toEqual([]);
  });

  it('flags offensive tools by user agent and ignores ordinary SDKs', async () => {
    c = await crafted([
      ...routine(21, 12),
      { time: at(1, 14), op: 'ListUsers', ua: 'Boto3/1.34.0 Python/3.11 Pacu/1.5.3' },
    ]);
    const r = await analyse(c, [offensiveTool]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.severity).toBe('high');
    expect(r.signals[0]!.explanation).toContain('offensive-tool user agent: Boto3/1.34.0 Python/3.11 Pacu/1.5.3');
  });
});
