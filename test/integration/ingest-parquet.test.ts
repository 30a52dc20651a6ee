import { spawnSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { EventRow, IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { writeOcsfParquet } from '../helpers/ocsf';
import { REPO, tempDir } from '../helpers/paths';

/** CloudTrail records after the documented record contents (values invented: example account, RFC 5737 IPs). */
const RECORDS = [
  {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEETL:job-7',
      arn: 'arn:aws:sts::111111111111:assumed-role/etl/job-7',
      accountId: '111111111111',
      accessKeyId: 'ASIAEXAMPLEETL',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEETL',
          arn: 'arn:aws:iam::111111111111:role/etl',
          accountId: '111111111111',
          userName: 'etl',
        },
        attributes: { creationDate: '2024-05-06T10:59:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2024-05-06T11:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.21',
    userAgent: 'aws-sdk-go-v2/1.30',
    requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/loader', roleSessionName: 'load-1' },
    eventID: 'e-1',
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
  },
  {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEBOT',
      arn: 'arn:aws:iam::111111111111:user/deploy-bot',
      accountId: '111111111111',
      accessKeyId: 'AKIAEXAMPLEBOT',
      userName: 'deploy-bot',
    },
    eventTime: '2024-05-06T11:05:30Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.22',
    userAgent: 'aws-cli/2.15.0',
    errorCode: 'AccessDenied',
    errorMessage: 'not authorized',
    requestParameters: { userName: 'admin' },
    eventID: 'e-2',
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
  },
];

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Writes the records three ways: JSON lines (the native shape), Parquet as an Athena CTAS over the trail's table
 * writes it (lower-case columns and struct fields, eventtime a TIMESTAMP, requestparameters JSON text), and as a
 * Glue job keeping CloudTrail's names (eventTime text); plus a Parquet file that is no log.
 */
async function writeFixtures(dir: string): Promise<void> {
  const jsonl = path.join(dir, 'native.jsonl');
  await writeFile(jsonl, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // The fixture is written as Athena writes it, in UTC, whatever the zone of the machine running the test.
  await c.run(`SET TimeZone = 'UTC'`);
  await c.run(`CREATE TABLE ct AS SELECT * FROM read_json(${q(jsonl)}, format = 'newline_delimited')`);
  const ui = (f: string) => `userIdentity.${f}`;
  await c.run(`COPY (SELECT eventVersion AS eventversion,
      {'type': ${ui('type')}, 'principalid': ${ui('principalId')}, 'arn': ${ui('arn')}, 'accountid': ${ui('accountId')},
       'accesskeyid': ${ui('accessKeyId')}, 'username': ${ui('userName')},
       'sessioncontext': {'sessionissuer': {'type': ${ui('sessionContext.sessionIssuer.type')},
         'principalid': ${ui('sessionContext.sessionIssuer.principalId')}, 'arn': ${ui('sessionContext.sessionIssuer.arn')},
         'accountid': ${ui('sessionContext.sessionIssuer.accountId')}, 'username': ${ui('sessionContext.sessionIssuer.userName')}},
         'attributes': {'creationdate': ${ui('sessionContext.attributes.creationDate')}, 'mfaauthenticated': ${ui('sessionContext.attributes.mfaAuthenticated')}}}
      } AS useridentity,
      CAST(eventTime AS TIMESTAMP) AS eventtime, eventSource AS eventsource, eventName AS eventname,
      awsRegion AS awsregion, sourceIPAddress AS sourceipaddress, userAgent AS useragent, errorCode AS errorcode,
      errorMessage AS errormessage, CAST(to_json(requestParameters) AS VARCHAR) AS requestparameters,
      NULL::VARCHAR AS responseelements, eventID AS eventid, eventType AS eventtype,
      recipientAccountId AS recipientaccountid
    FROM ct) TO ${q(path.join(dir, 'athena-ctas.parquet'))} (FORMAT parquet)`);
  await c.run(`COPY (SELECT * REPLACE (strftime(CAST(eventTime AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ') AS eventTime) FROM ct)
    TO ${q(path.join(dir, 'glue.parquet'))} (FORMAT parquet)`);
  await c.run(
    `COPY (SELECT 1 AS id, 'a' AS colour, 2.5 AS price) TO ${q(path.join(dir, 'prices.parquet'))} (FORMAT parquet)`,
  );
  c.closeSync();
  db.closeSync();
  await writeOcsfParquet(path.join(dir, 'security-lake.parquet'));
}

describe('Parquet is told apart by its columns: raw CloudTrail, OCSF, or neither', () => {
  let core: CoreService;
  let summary: IngestSummary;
  const file = (name: string) => summary.files.find((f) => f.path.endsWith(name))!;

  beforeAll(async () => {
    ({ core } = await openTempCase('parquet'));
    const dir = await tempDir();
    await writeFixtures(dir);
    summary = await ingest(core, [dir]);
  });
  afterAll(() => core.close());

  it('recognises each file by its columns and loads every row', () => {
    expect(file('athena-ctas.parquet')).toMatchObject({ format: 'cloudtrail_parquet', records: 2, loaded: 2 });
    expect(file('glue.parquet')).toMatchObject({ format: 'cloudtrail_parquet', records: 2, loaded: 2 });
    expect(file('security-lake.parquet')).toMatchObject({ format: 'ocsf_parquet', loaded: 3 });
    expect(file('native.jsonl')).toMatchObject({ format: 'cloudtrail_lines', loaded: 2 });
  });

  it('skips Parquet that is neither, saying what it looked for and what it found', () => {
    const other = file('prices.parquet');
    expect(other.loaded).toBe(0);
    expect(other.skipped_reason).toContain('neither OCSF');
    expect(other.skipped_reason).toContain('raw CloudTrail (eventTime, eventName, eventSource)');
    expect(other.skipped_reason).toContain('id, colour, price');
  });

  it('gives each Parquet row the event its JSON record gives', async () => {
    const strip = ({ event_uid: _, ...rest }: EventRow) => rest;
    for (const op of ['AssumeRole', 'CreateAccessKey']) {
      const rows = (await core.api.queryEvents({ filter: { operation: op }, limit: 10 })).rows.map(strip);
      expect(rows, op).toHaveLength(3);
      expect(rows[1], op).toEqual(rows[0]);
      expect(rows[2], op).toEqual(rows[0]);
    }
    const [assume] = (await core.api.queryEvents({ filter: { operation: 'AssumeRole' }, limit: 1 })).rows;
    expect(assume).toMatchObject({
      source: 'cloudtrail',
      time: '2024-05-06T11:00:00.000Z',
      actor_uid: 'arn:aws:iam::111111111111:role/etl',
      resource_uid: 'arn:aws:iam::111111111111:role/loader',
      outcome: 'success',
    });
    const [denied] = (await core.api.queryEvents({ filter: { operation: 'CreateAccessKey' }, limit: 1 })).rows;
    expect(denied).toMatchObject({ outcome: 'failure', error_code: 'AccessDenied', credential_uid: 'AKIAEXAMPLEBOT' });
  });

  it('keeps the row as a CloudTrail record with its documented names', async () => {
    const rows = (await core.api.queryEvents({ filter: { operation: 'AssumeRole' }, limit: 10 })).rows;
    for (const r of rows) {
      const d = await core.api.getEvent({ event_uid: r.event_uid });
      const raw = JSON.parse(d.raw) as Record<string, unknown>;
      expect(raw.eventName).toBe('AssumeRole');
      expect(raw).not.toHaveProperty('eventname');
      // A Parquet struct column has every field of every row: the ones a row lacks are null there.
      const params = Object.entries(raw.requestParameters as object).filter(([, v]) => v !== null);
      expect(Object.fromEntries(params)).toEqual(RECORDS[0]!.requestParameters);
      expect(raw.userIdentity).toMatchObject({ sessionContext: { sessionIssuer: { userName: 'etl' } } });
    }
  });
});

describe('times written back into CloudTrail records do not depend on the machine time zone', () => {
  it('reads the same instants on a machine set to New York', async () => {
    const dir = await tempDir();
    await writeFixtures(dir);
    await copyFile(
      path.join(REPO, 'test/fixtures/sources/cloudtrail-console-history.csv'),
      path.join(dir, 'console-history.csv'),
    );
    // CloudTrail Lake query results write eventTime without a zone (UTC).
    const lakeRow = [
      { eventTime: '2024-05-06 11:10:00.000' },
      { eventName: 'ListUsers' },
      { eventSource: 'iam.amazonaws.com' },
      { userIdentity: JSON.stringify({ type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/auditor' }) },
    ];
    await writeFile(
      path.join(dir, 'lake.json'),
      JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: [lakeRow] }),
    );
    const caseDir = path.join(dir, 'tz.trailmark');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO, 'bin/trailmark.mjs'), ...args], {
        encoding: 'utf8',
        cwd: REPO,
        env: { ...process.env, TZ: 'America/New_York' },
      });
    const ingested = run('ingest', caseDir, dir, '--json');
    expect(ingested.status, ingested.stderr).toBe(0);
    const events = JSON.parse(run('events', caseDir, '--json', '--limit', '100').stdout) as { rows: EventRow[] };
    const at = (op: string) => [...new Set(events.rows.filter((e) => e.api_operation === op).map((e) => e.time))];
    expect(at('AssumeRole')).toEqual(['2024-05-06T11:00:00.000Z']);
    expect(at('CreateAccessKey')).toEqual(['2024-05-06T11:05:30.000Z']);
    expect(at('PutObject')).toContain('2024-05-08T05:00:00.000Z');
    expect(at('ListUsers')).toEqual(['2024-05-06T11:10:00.000Z']);
  });
});
