import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestIssue } from '../../shared/model';
import { readError } from '../../main/core/ingest/read-error';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** An Okta LogEvent; `published` unreadable makes the record a quarantined one, at its index in the file. */
const okta = (i: number, published: string) =>
  JSON.stringify({
    uuid: `u-${i}`,
    eventType: 'app.oauth2.as.token.grant',
    published,
    actor: { id: '0oa-client', type: 'PublicClientApp', alternateId: 'ci-client' },
    outcome: { result: 'SUCCESS' },
  });

describe('ingest issues: plain reasons, every one listed, in numeric order', () => {
  let dir: string;
  let caseDir: string;
  const BAD = 130;

  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'issues.trailmark');
    // 130 records without a valid time (records 0-129), one good one after them.
    const lines = Array.from({ length: BAD }, (_, i) => okta(i, 'not a time'));
    lines.push(okta(BAD, '2024-05-06T10:00:00.000Z'));
    await writeFile(path.join(dir, 'okta.jsonl'), lines.join('\n') + '\n');
    // A GitHub CSV export with bytes that are not UTF-8 on its third line: DuckDB refuses the file's fast read, and
    // the row is quarantined alone (csv-salvage.ts).
    const csv = Buffer.concat([
      Buffer.from('action,actor,created_at\nrepo.create,octo,2024-05-06T10:00:00Z\nrepo.destroy,o'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('cto,2024-05-06T10:00:01Z\n'),
    ]);
    await writeFile(path.join(dir, 'github.csv'), csv);
    const r = trailmark('ingest', caseDir, dir, '--json');
    expect(r.code, r.err).toBe(0);
  });

  it('says in plain words what DuckDB could not read, and where, without its SQL or its options', () => {
    const info = JSON.parse(trailmark('info', caseDir, '--json').out) as { issues: { rows: IngestIssue[] } };
    const csv = info.issues.rows.find((i) => i.file.endsWith('github.csv'))!;
    expect(csv.position).toBe('line 3');
    expect(csv.reason).toMatch(/not valid UTF-8/i);
    expect(csv.reason).not.toMatch(/Error:|LINE \d|Possible Solution|delimiter|read_csv|\^/);
  });

  it('info --json pages through every issue, with the total and the next offset', () => {
    const first = JSON.parse(trailmark('info', caseDir, '--json', '--issues-limit', '100').out) as {
      issues: { total: number; offset: number; next_offset: number | null; rows: IngestIssue[] };
    };
    expect(first.issues).toMatchObject({ total: BAD + 1, offset: 0, next_offset: 100 });
    expect(first.issues.rows).toHaveLength(100);
    const rest = JSON.parse(trailmark('info', caseDir, '--json', '--issues-offset', '100').out) as typeof first;
    expect(rest.issues).toMatchObject({ total: BAD + 1, offset: 100, next_offset: null });
    const all = [...first.issues.rows, ...rest.issues.rows].map((i) => `${i.file} ${i.position}`);
    expect(new Set(all).size).toBe(BAD + 1);
    // The default lists them all (up to 1000).
    const whole = JSON.parse(trailmark('info', caseDir, '--json').out) as typeof first;
    expect(whole.issues.rows).toHaveLength(BAD + 1);
  });

  it('orders positions by their number, in JSON and in text', () => {
    const info = JSON.parse(trailmark('info', caseDir, '--json').out) as { issues: { rows: IngestIssue[] } };
    const okta = info.issues.rows.filter((i) => i.file.endsWith('okta.jsonl')).map((i) => i.position);
    expect(okta).toEqual(Array.from({ length: BAD }, (_, i) => `record ${i}`));
    const text = trailmark('info', caseDir, '--issues-offset', '9', '--issues-limit', '4').out;
    const shown = [...text.matchAll(/okta\.jsonl @ (record \d+)/g)].map((m) => m[1]);
    expect(shown).toEqual(['record 8', 'record 9', 'record 10', 'record 11']);
    expect(text).toContain(`10-13 of ${BAD + 1}; the next page: --issues-offset 13`);
  });
});

describe('readError', () => {
  it("drops DuckDB's error class and the statement it quotes, keeping the byte as the position", () => {
    const msg =
      'Invalid Input Error: Malformed JSON in file "/tmp/stage/f1", at byte 2048 in record/value 7: unexpected character.\n\n' +
      "LINE 6: FROM read_json(['/tmp/stage/f1'], format = 'auto')\n             ^";
    expect(readError(msg, '/tmp/stage/f1', 'logs/app.json')).toEqual({
      reason: 'malformed JSON, at byte 2048 in record/value 7: unexpected character.',
      position: 'byte 2048',
      excerpt: null,
    });
  });
});

describe('ingest counts identities as identities and info do', () => {
  it('counts only keys that are identities: not a role a web identity assumed but that never acted', async () => {
    const { core } = await openTempCase('sso');
    const dir = await tempDir();
    const role = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef';
    const rec = (i: number) => ({
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROAEXAMPLESSO:alice@acme.com`,
        arn: `arn:aws:sts::111111111111:assumed-role/${role}/alice@acme.com`,
        accountId: '111111111111',
        accessKeyId: `ASIAEXAMPLE${i}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLESSO',
            arn: `arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/${role}`,
            accountId: '111111111111',
            userName: role,
          },
        },
      },
      eventTime: `2024-05-06T10:0${i}:00Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.30',
      userAgent: 'aws-cli/2.15.0',
      recipientAccountId: '111111111111',
    });
    const web = {
      eventVersion: '1.09',
      userIdentity: {
        type: 'WebIdentityUser',
        principalId: 'token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main',
        userName: 'repo:acme/app:ref:refs/heads/main',
        identityProvider: 'token.actions.githubusercontent.com',
      },
      eventTime: '2024-05-06T10:05:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoleWithWebIdentity',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.31',
      userAgent: 'aws-sdk-js/3',
      requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/gha-deploy', roleSessionName: 'gha' },
      recipientAccountId: '111111111111',
    };
    await writeFile(path.join(dir, 'sso.json'), JSON.stringify({ Records: [rec(1), rec(2), web] }));
    const summary = await ingest(core, [dir]);
    const listed = (await core.api.listIdentities({ limit: 5000 })).total;
    const info = await core.api.caseInfo({});
    core.close();
    expect(info.identities.human + info.identities.machine + info.identities.unknown).toBe(listed);
    expect(summary.identities).toBe(listed);
  });
});
