import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cloudTrailRecords, gz } from './archives';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const BUCKET = 'evidence-bucket';
const TRAIL = 'org-trail';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const stamp = (d: Date, seconds: boolean) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .slice(0, seconds ? 16 : 13) + (seconds ? '' : 'Z');
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export interface Trail {
  dir: string;
  /** Log files on disk (absolute), in delivery order. */
  logs: string[];
  /** Digest files on disk (absolute), oldest first. */
  digests: string[];
  /** What `aws cloudtrail list-public-keys` would print for the key that signed them. */
  publicKeysJson: string;
  privateKey: KeyObject;
}

/** A CloudTrail log file name as delivered for an hour and minute. */
export function logKey(at: Date, unique: string): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '/');
  return `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/${day}/${ACCOUNT}_CloudTrail_${REGION}_${stamp(at, false)}_${unique}.json.gz`;
}

/**
 * A small trail in its S3 layout, with digest files made and signed as CloudTrail documents it: one digest per
 * hour listing the hour's log files (SHA-256 of their uncompressed content), chained by previousDigest*, each
 * signed with SHA256withRSA over "digestEndTime\nbucket/key\nhex(sha256(digest))\npreviousDigestSignature".
 */
export async function writeTrail(dir: string, hours = 4, start = new Date(Date.UTC(2026, 9, 1, 10))): Promise<Trail> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  const logs: string[] = [];
  const digests: string[] = [];
  let previous = null as { key: string; hash: string; signature: string } | null;
  for (let h = 0; h < hours; h++) {
    const from = new Date(start.getTime() + h * 3600_000);
    const to = new Date(from.getTime() + 3600_000);
    const listed = [];
    for (const [minute, unique] of [
      [5, `a${h}`],
      [35, `b${h}`],
    ] as const) {
      const at = new Date(from.getTime() + minute * 60_000);
      const json = cloudTrailRecords(3, (i) => ({ eventTime: iso(new Date(at.getTime() - 60_000 + i * 1000)) }));
      const key = logKey(at, unique);
      const file = path.join(dir, key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, gz(json));
      logs.push(file);
      listed.push({
        s3Bucket: BUCKET,
        s3Object: key,
        hashValue: sha256(json),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(at),
        oldestEventTime: iso(new Date(at.getTime() - 60_000)),
      });
    }
    const day = to.toISOString().slice(0, 10).replace(/-/g, '/');
    const key = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/${REGION}/${day}/${ACCOUNT}_CloudTrail-Digest_${REGION}_${TRAIL}_${REGION}_${stamp(to, true)}.json.gz`;
    const digest = {
      awsAccountId: ACCOUNT,
      digestStartTime: iso(from),
      digestEndTime: iso(to),
      digestS3Bucket: BUCKET,
      digestS3Object: key,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: listed[1]!.newestEventTime,
      oldestEventTime: listed[0]!.oldestEventTime,
      previousDigestS3Bucket: previous ? BUCKET : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: listed,
    };
    const text = JSON.stringify(digest);
    const hash = sha256(text);
    const signing = [iso(to), `${BUCKET}/${key}`, hash, previous?.signature ?? 'null'].join('\n');
    const signature = sign('sha256', Buffer.from(signing), privateKey).toString('hex');
    const file = path.join(dir, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, gz(text));
    digests.push(file);
    previous = { key, hash, signature };
  }
  const publicKeysJson = JSON.stringify({
    PublicKeyList: [
      {
        Value: der.toString('base64'),
        ValidityStartTime: start.toISOString(),
        ValidityEndTime: new Date(start.getTime() + 30 * 86400_000).toISOString(),
        Fingerprint: fingerprint,
      },
    ],
  });
  return { dir, logs, digests, publicKeysJson, privateKey };
}
