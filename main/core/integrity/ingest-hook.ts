import { createHash } from 'node:crypto';
import type { CaseFile } from '../case/case-file';
import type { Walked, WalkedFile } from '../ingest/walk';
import { contentSha256, readContent } from './content-hash';
import { sql } from '../db/sql';
import { INGEST_ISSUE_COLUMNS } from '../ingest/stage-tables';

const MAX_DIGEST_BYTES = 64 * 2 ** 20;

const DIGEST_COLUMNS = {
  evidence_id: 'INTEGER',
  path: 'VARCHAR',
  s3_bucket: 'VARCHAR',
  s3_object: 'VARCHAR',
  account_id: 'VARCHAR',
  region: 'VARCHAR',
  digest_start: 'TIMESTAMPTZ',
  digest_end: 'TIMESTAMPTZ',
  digest_end_text: 'VARCHAR',
  content_sha256: 'VARCHAR',
  public_key_fingerprint: 'VARCHAR',
  signature_algorithm: 'VARCHAR',
  previous_s3_bucket: 'VARCHAR',
  previous_s3_object: 'VARCHAR',
  previous_hash: 'VARCHAR',
  previous_signature: 'VARCHAR',
  digest: 'VARCHAR',
};
/** What the integrity checks keep from one ingest, written in the ingest's own commit transaction. */
export interface IntegrityStage {
  commit(): Promise<void>;
}

const display = (w: Walked) => (w.memberPath ? `${w.origin}!/${w.memberPath}` : w.origin);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** CloudTrail log file names as delivered: ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz */
export const CLOUDTRAIL_LOG_NAME = /(?:^|\/)\d{12}_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]+\.json(?:\.gz)?$/;

/**
 * Called by ingest once the evidence is walked and numbered (walked[i] gets ids[i]), while staged copies exist:
 * parses CloudTrail digest files, hashes the uncompressed content of CloudTrail log files when the case has
 * digests to check them against, and notes re-encoded files in ingest_issues.
 */
export async function stageIntegrity(
  c: CaseFile,
  ingestId: string,
  walked: Walked[],
  ids: number[],
  signal: AbortSignal,
): Promise<IntegrityStage> {
  const digests: Record<string, unknown>[] = [];
  const issues: Record<string, unknown>[] = [];
  const files = walked.map((w, i) => ({ w, id: ids[i]! })).filter((x) => x.w.kind === 'file') as {
    w: WalkedFile;
    id: number;
  }[];
  for (const { w, id } of files) {
    if (w.transcoded)
      issues.push({ ingest_id: ingestId, evidence_id: id, file: display(w), position: null, reason: w.transcoded });
    if (w.format !== 'cloudtrail_digest') continue;
    try {
      digests.push(await parseDigest(w, id));
    } catch (err) {
      const reason = `CloudTrail digest file could not be read: ${(err as Error).message}`;
      issues.push({ ingest_id: ingestId, evidence_id: id, file: display(w), position: null, reason });
    }
  }
  const caseHasDigests = (await c.db.scalar<number>(sql`SELECT count(*) FROM cloudtrail_digests`)) > 0;
  const hashes: Record<string, unknown>[] = [];
  if (digests.length || caseHasDigests) {
    for (const { w, id } of files) {
      if (signal.aborted) break;
      if (w.format === 'cloudtrail_digest' || !CLOUDTRAIL_LOG_NAME.test(display(w))) continue;
      const hash = await contentSha256(w.readPath, w.gzip, signal).catch(() => null);
      if (hash) hashes.push({ evidence_id: id, content_sha256: hash });
    }
  }
  await c.db.insertRows('ingest_new_issues', INGEST_ISSUE_COLUMNS, issues);
  return {
    async commit() {
      // A digest already in the case (same content) is not stored twice.
      await c.db.run(sql`CREATE OR REPLACE TEMP TABLE ingest_digests AS SELECT * FROM cloudtrail_digests LIMIT 0`);
      await c.db.insertRows('ingest_digests', DIGEST_COLUMNS, digests);
      await c.db.run(sql`INSERT INTO cloudtrail_digests SELECT * FROM ingest_digests d
        WHERE d.content_sha256 NOT IN (SELECT content_sha256 FROM cloudtrail_digests)
        QUALIFY row_number() OVER (PARTITION BY d.content_sha256 ORDER BY d.evidence_id) = 1`);
      await c.db.run(sql`DROP TABLE ingest_digests`);
      await c.db.insertRows('evidence_content_hashes', { evidence_id: 'INTEGER', content_sha256: 'VARCHAR' }, hashes);
    },
  };
}

async function parseDigest(w: WalkedFile, id: number): Promise<Record<string, unknown>> {
  const content = await readContent(w.readPath, w.gzip, MAX_DIGEST_BYTES);
  const d = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.logFiles)) throw new Error('no logFiles list');
  const key = str(d.digestS3Object) ?? '';
  // AWSLogs/[o-id/]ACCOUNT/CloudTrail-Digest/REGION/...
  const where = /AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\//.exec(key);
  return {
    evidence_id: id,
    path: display(w),
    s3_bucket: str(d.digestS3Bucket),
    s3_object: str(d.digestS3Object),
    account_id: where?.[1] ?? str(d.awsAccountId),
    region: where?.[2] ?? null,
    digest_start: str(d.digestStartTime),
    digest_end: str(d.digestEndTime),
    digest_end_text: str(d.digestEndTime),
    content_sha256: createHash('sha256').update(content).digest('hex'),
    public_key_fingerprint: str(d.digestPublicKeyFingerprint),
    signature_algorithm: str(d.digestSignatureAlgorithm),
    previous_s3_bucket: str(d.previousDigestS3Bucket),
    previous_s3_object: str(d.previousDigestS3Object),
    previous_hash: str(d.previousDigestHashValue),
    previous_signature: str(d.previousDigestSignature),
    digest: content.toString('utf8'),
  };
}
