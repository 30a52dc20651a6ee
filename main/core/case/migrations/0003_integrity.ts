/**
 * Integrity checks: CloudTrail digest files as found in the evidence, and the SHA-256 of the uncompressed content
 * of log files (what a digest lists), kept while the staged copy is at hand.
 */
export const sql = `
CREATE TABLE cloudtrail_digests (
  evidence_id INTEGER PRIMARY KEY,
  path VARCHAR NOT NULL,              -- where it was found: file, or archive!/member
  s3_bucket VARCHAR,                  -- digestS3Bucket / digestS3Object: its S3 key, signed over
  s3_object VARCHAR,
  account_id VARCHAR,
  region VARCHAR,                     -- the region it was delivered from (from its S3 key)
  digest_start TIMESTAMPTZ,
  digest_end TIMESTAMPTZ,
  digest_end_text VARCHAR,            -- digestEndTime exactly as written: part of the signing string
  content_sha256 VARCHAR NOT NULL,    -- hex SHA-256 of the uncompressed digest file
  public_key_fingerprint VARCHAR,     -- signature metadata: which key signed it, with what
  signature_algorithm VARCHAR,
  previous_s3_bucket VARCHAR,
  previous_s3_object VARCHAR,
  previous_hash VARCHAR,
  previous_signature VARCHAR,         -- the previous digest's signature (x-amz-meta-signature)
  digest JSON NOT NULL
);

CREATE TABLE evidence_content_hashes (
  evidence_id INTEGER PRIMARY KEY,
  content_sha256 VARCHAR NOT NULL
);
`;
