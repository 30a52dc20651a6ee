// The same AWS principal read from OCSF Parquet (an Amazon Security Lake export: the principal id in
// actor.user.uid, the ARN in actor.user.uuid, the role in actor.session.issuer) and from the raw CloudTrail it was
// made from lands on the same identity, through the real ingest of both files into one case.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service/lake-etl`;
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;

interface Row {
  ms: number;
  op: string;
  type: string;
  uid: string;
  uuid: string | null;
  name: string;
  issuer: string | null;
}

/** OCSF 1.1 API Activity rows shaped as Security Lake writes CloudTrail, written with DuckDB's own COPY. */
async function writeLakeParquet(file: string, rows: Row[]): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const lit = (v: string | null) => (v === null ? 'NULL::VARCHAR' : `'${v.replaceAll("'", "''")}'`);
  const select = rows.map(
    (r) => `SELECT ${r.ms}::BIGINT AS time, 6003 AS class_uid, 'Update' AS activity_name, 'Success' AS status,
      {'product': {'name': 'CloudTrail', 'vendor_name': 'AWS'}, 'version': '1.1.0'} AS metadata,
      {'operation': ${lit(r.op)}, 'service': {'name': 's3.amazonaws.com'}} AS api,
      {'user': {'uid': ${lit(r.uid)}, 'uuid': ${lit(r.uuid)}, 'name': ${lit(r.name)}, 'type': ${lit(r.type)},
                'account': {'uid': '${ACCOUNT}'}, 'credential_uid': 'ASIAEXAMPLELAKE0001'},
       'session': {'uid': NULL::VARCHAR, 'issuer': ${lit(r.issuer)}}, 'invoked_by': NULL::VARCHAR} AS actor,
      {'ip': '10.2.0.8'} AS src_endpoint, {'user_agent': 'aws-sdk-java/2.20.0'} AS http_request,
      {'region': 'eu-west-1', 'account': {'uid': '${ACCOUNT}'}} AS cloud`,
  );
  await c.run(`COPY (${select.join(' UNION ALL ')}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

describe('OCSF Parquet and raw CloudTrail of the same principals', () => {
  it('land on the same identities', async () => {
    const dir = await tempDir();
    const t0 = Date.UTC(2026, 9, 1, 10);
    await writeLakeParquet(path.join(dir, 'security-lake.parquet'), [
      {
        ms: t0,
        op: 'PutObject',
        type: 'AssumedRole',
        uid: 'AROAEXAMPLELAKE00001:job-1',
        uuid: `arn:aws:sts::${ACCOUNT}:assumed-role/lake-etl/job-1`,
        name: 'lake-etl',
        issuer: ROLE_ARN,
      },
      {
        ms: t0 + 60_000,
        op: 'GetObject',
        type: 'IAMUser',
        uid: 'AIDAEXAMPLEALICE0002',
        uuid: ALICE_ARN,
        name: 'alice',
        issuer: null,
      },
      // a row that names alice only by her principal id
      {
        ms: t0 + 120_000,
        op: 'GetObject',
        type: 'IAMUser',
        uid: 'AIDAEXAMPLEALICE0002',
        uuid: null,
        name: 'alice',
        issuer: null,
      },
    ]);
    // the raw CloudTrail: the role's session without sessionContext, and alice by ARN
    const raw = [
      {
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLELAKE00001:job-2',
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/lake-etl/job-2`,
          accountId: ACCOUNT,
        },
        recipientAccountId: ACCOUNT,
      },
      {
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEALICE0002',
          arn: ALICE_ARN,
          accountId: ACCOUNT,
          userName: 'alice',
        },
        recipientAccountId: ACCOUNT,
      },
    ];
    await writeFile(
      path.join(dir, 'trail.json'),
      cloudTrailRecords(raw.length, (i) => raw[i]!),
    );

    const { core } = await openTempCase('ocsf');
    await ingest(core, [dir]);
    const { rows } = await core.api.listIdentities({ limit: 100 });
    core.close();
    expect(rows.map((r) => [r.actor_uid, r.event_count, r.source]).sort()).toEqual(
      [
        [ROLE_ARN, 2, 'cloudtrail'],
        [ALICE_ARN, 3, 'cloudtrail'],
      ].sort(),
    );
    expect(rows.find((r) => r.actor_uid === ROLE_ARN)).toMatchObject({ kind: 'iam_role', category: 'machine' });
  });
});
