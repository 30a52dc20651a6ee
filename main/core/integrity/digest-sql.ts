import { lit } from '../db/sql';

/** The log files every digest in the case lists, one row each, with what the case holds for them. */
export const LISTED_FILES_SQL = lit(`
WITH listed AS (
  SELECT d.evidence_id AS digest_id, f.s3Bucket AS bucket, f.s3Object AS key, lower(f.hashValue) AS hash,
    regexp_extract(f.s3Object, '[^/]+$') AS name
  FROM cloudtrail_digests d,
    unnest(from_json(json_extract(d.digest, '$.logFiles'), '[{"s3Bucket":"VARCHAR","s3Object":"VARCHAR","hashValue":"VARCHAR"}]')) AS t(f)
), evidence AS (
  SELECT e.evidence_id, e.path, e.member_path, e.sha256, h.content_sha256,
    regexp_extract(coalesce(e.member_path, e.path), '[^/]+$') AS name
  FROM evidence_files e LEFT JOIN evidence_content_hashes h USING (evidence_id)
)
SELECT l.bucket, l.key, l.hash,
  EXISTS (SELECT 1 FROM evidence v WHERE v.content_sha256 = l.hash) AS valid,
  (SELECT list({evidence_id: v.evidence_id, path: v.path, member_path: v.member_path, sha256: v.sha256,
      content_sha256: v.content_sha256}) FROM evidence v WHERE v.name = l.name) AS same_name
FROM listed l
ORDER BY l.key`);

/**
 * CloudTrail log files in the case that no digest lists, though a digest of their account and region covers
 * their time (the timestamp in the file name); the last hour is left out, its digest may simply not be here.
 */
export const UNLISTED_FILES_SQL = lit(`
WITH listed AS (
  SELECT lower(f.hashValue) AS hash, regexp_extract(f.s3Object, '[^/]+$') AS name
  FROM cloudtrail_digests d,
    unnest(from_json(json_extract(d.digest, '$.logFiles'), '[{"s3Object":"VARCHAR","hashValue":"VARCHAR"}]')) AS t(f)
), span AS (
  SELECT account_id, region, min(digest_start) AS first, max(digest_end) AS last FROM cloudtrail_digests GROUP BY ALL
), logs AS (
  SELECT e.evidence_id, CASE WHEN e.member_path IS NULL THEN e.path ELSE e.path || '!/' || e.member_path END AS file,
    h.content_sha256, regexp_extract(coalesce(e.member_path, e.path), '[^/]+$') AS name,
    regexp_extract(coalesce(e.member_path, e.path), '(\\d{12})_CloudTrail_([a-z0-9-]+)_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]+\\.json(\\.gz)?$',
      ['account', 'region', 'stamp', 'gz']) AS parts
  FROM evidence_files e LEFT JOIN evidence_content_hashes h USING (evidence_id)
)
SELECT DISTINCT ON (l.name) l.file, l.name
FROM logs l JOIN span s ON s.account_id = l.parts.account AND s.region = l.parts.region
WHERE l.parts.stamp <> ''
  AND strptime(l.parts.stamp, '%Y%m%dT%H%MZ')::TIMESTAMP AT TIME ZONE 'UTC' BETWEEN s.first AND s.last - INTERVAL 1 HOUR
  AND l.name NOT IN (SELECT name FROM listed)
  AND (l.content_sha256 IS NULL OR l.content_sha256 NOT IN (SELECT hash FROM listed))
ORDER BY l.name`);

export const DIGESTS_SQL = lit(`
SELECT evidence_id, path, s3_bucket, s3_object, account_id, region, digest_end, digest_end_text, content_sha256,
  public_key_fingerprint, previous_s3_bucket, previous_s3_object, previous_hash, previous_signature,
  regexp_extract(s3_object, '_CloudTrail-Digest_[a-z0-9-]+_(.+)_[a-z0-9-]+_\\d{8}T\\d{6}Z', 1) AS trail
FROM cloudtrail_digests ORDER BY s3_bucket, account_id, region, digest_end`);
