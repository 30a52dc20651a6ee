import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Writes a small OCSF 1.1 API Activity Parquet file shaped like an Amazon Security Lake CloudTrail export (and one
 * non-CloudTrail row), with DuckDB's own COPY, so the reader is tested on real Parquet bytes.
 */
export async function writeOcsfParquet(file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const row = (t: string, product: string, op: string, service: string, user: string, type: string, status: string) => `
    SELECT ${t}::BIGINT AS time, 6003 AS class_uid, 'Update' AS activity_name, '${status}' AS status,
      {'product': {'name': '${product}', 'vendor_name': 'AWS'}, 'version': '1.1.0'} AS metadata,
      {'operation': '${op}', 'service': {'name': '${service}'}} AS api,
      {'user': {'uid': '${user}', 'name': regexp_extract('${user}', '[^/]+$'), 'type': '${type}',
                'account': {'uid': '123456789012'}, 'credential_uid': 'ASIAEXAMPLE'},
       'session': {'uid': 'sess-1', 'issuer': 'arn:aws:iam::123456789012:role/lake-etl'}, 'invoked_by': NULL::VARCHAR} AS actor,
      {'ip': '198.51.100.50'} AS src_endpoint, {'user_agent': 'aws-sdk-java/2.20'} AS http_request,
      {'region': 'us-east-1', 'account': {'uid': '123456789012'}} AS cloud,
      [{'uid': 'arn:aws:s3:::lake-bucket', 'type': 'AWS::S3::Bucket'}] AS resources`;
  await c.run(`COPY (
    ${row('1714900000000', 'CloudTrail', 'PutObject', 's3.amazonaws.com', 'arn:aws:sts::123456789012:assumed-role/lake-etl/job-1', 'AssumedRole', 'Success')}
    UNION ALL
    ${row('1714900060000', 'CloudTrail', 'GetObject', 's3.amazonaws.com', 'arn:aws:sts::123456789012:assumed-role/lake-etl/job-1', 'AssumedRole', 'Failure')}
    UNION ALL
    ${row('1714900120000', 'Okta', 'user.session.start', 'okta', 'svc-ocsf-exporter', 'Service', 'Success')}
  ) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}
