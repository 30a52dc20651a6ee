import { verify, type KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { DigestProblem, DigestValidation } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { sha256File } from '../case/hashing';
import { readHead } from '../ingest/sniff';
import { contentSha256 } from './content-hash';
import { DIGESTS_SQL, LISTED_FILES_SQL, UNLISTED_FILES_SQL } from './digest-sql';
import { parsePublicKeys } from './public-keys';

const MAX_PROBLEMS = 1000;
const REHASH_CONCURRENCY = 16;

interface Digest {
  evidence_id: number;
  path: string;
  s3_bucket: string | null;
  s3_object: string | null;
  account_id: string | null;
  region: string | null;
  digest_end: string | null;
  digest_end_text: string | null;
  content_sha256: string;
  public_key_fingerprint: string | null;
  previous_s3_bucket: string | null;
  previous_s3_object: string | null;
  previous_hash: string | null;
  previous_signature: string | null;
  trail: string;
}
interface SameName {
  evidence_id: number;
  path: string;
  member_path: string | null;
  sha256: string;
  content_sha256: string | null;
}

/** AWS's data signing string for a digest file (CloudTrail user guide, custom validation, step D). */
export function signingString(d: {
  digest_end_text: string | null;
  s3_bucket: string | null;
  s3_object: string | null;
  content_sha256: string;
  previous_signature: string | null;
}): string {
  return [d.digest_end_text, `${d.s3_bucket}/${d.s3_object}`, d.content_sha256, d.previous_signature ?? 'null'].join(
    '\n',
  );
}

/**
 * CloudTrail log file integrity, offline: every log file a digest lists against the case's evidence (SHA-256 of
 * the uncompressed content, as AWS hashes it), the chain of digests, log files no digest lists, and (given the
 * public keys) each digest's RSA signature. A digest's own signature lives in S3 object metadata, which exports
 * lose; the next digest carries it as previousDigestSignature, so all but the newest digest of a chain are checked.
 */
export async function validateDigests(c: CaseFile, publicKeysJson?: string): Promise<DigestValidation> {
  const keys = publicKeysJson ? parsePublicKeys(publicKeysJson) : null;
  const digests = await c.db.all<Digest & Record<string, unknown>>(DIGESTS_SQL);
  const problems: DigestProblem[] = [];
  const report = (p: DigestProblem) => problems.length < MAX_PROBLEMS && problems.push(p);

  const files = { listed: 0, valid: 0, missing: 0, altered: 0 };
  const listed = await c.db.all<{
    bucket: string;
    key: string;
    hash: string;
    valid: boolean;
    same_name: SameName[] | null;
  }>(LISTED_FILES_SQL);
  // Files ingested before any digest have no content hash yet: re-hash their originals, a few at a time.
  const rehashed = new Map<number, Promise<string | null>>();
  const pending = listed.filter((l) => !l.valid).flatMap((l) => l.same_name ?? []);
  for (let i = 0; i < pending.length; i += REHASH_CONCURRENCY) {
    const chunk = pending.slice(i, i + REHASH_CONCURRENCY).filter((n) => !rehashed.has(n.evidence_id));
    for (const n of chunk)
      rehashed.set(n.evidence_id, n.content_sha256 ? Promise.resolve(n.content_sha256) : rehashOriginal(n));
    await Promise.all(chunk.map((n) => rehashed.get(n.evidence_id)));
  }
  for (const l of listed) {
    files.listed++;
    if (l.valid) {
      files.valid++;
      continue;
    }
    const named = l.same_name ?? [];
    const hashes = await Promise.all(named.map((n) => rehashed.get(n.evidence_id) ?? null));
    if (hashes.includes(l.hash)) files.valid++;
    else if (named.length === 0) {
      files.missing++;
      report({ kind: 'missing', file: l.key, detail: `listed in a digest, not in the case (SHA-256 ${l.hash})` });
    } else if (hashes.every((h) => h === null)) {
      report({
        kind: 'unverifiable',
        file: l.key,
        detail: `${named[0]!.path} was ingested before any digest and is no longer readable: ingest it again with its digests`,
      });
    } else {
      files.altered++;
      const got = hashes.find((h) => h !== null);
      report({ kind: 'altered', file: l.key, detail: `content SHA-256 ${got}, the digest lists ${l.hash}` });
    }
  }

  const unlisted = await c.db.all<{ file: string }>(UNLISTED_FILES_SQL);
  for (const u of unlisted)
    report({ kind: 'unlisted', file: u.file, detail: 'a CloudTrail log file that no digest lists' });

  const chain = { links: 0, broken: 0 };
  const signatures = { valid: 0, invalid: 0, unchecked: 0 };
  const byKey = new Map(digests.map((d) => [`${d.s3_bucket}/${d.s3_object}`, d]));
  const chainOf = (d: Digest) => `${d.s3_bucket}|${d.account_id}|${d.region}|${d.trail}`;
  const signatureOf = new Map<Digest, string>();
  for (const d of digests) {
    if (!d.previous_s3_object) continue; // a starting digest
    const prev = byKey.get(`${d.previous_s3_bucket}/${d.previous_s3_object}`);
    if (!prev) {
      // Only a break when older digests of the same chain are here: otherwise the export simply starts later.
      const older = digests.some((o) => chainOf(o) === chainOf(d) && (o.digest_end ?? '') < (d.digest_end ?? ''));
      if (older) {
        chain.broken++;
        report({
          kind: 'chain',
          file: d.s3_object ?? d.path,
          detail: `previous digest ${d.previous_s3_object} is not in the case`,
        });
      }
      continue;
    }
    chain.links++;
    if (d.previous_hash?.toLowerCase() !== prev.content_sha256) {
      chain.broken++;
      report({
        kind: 'chain',
        file: prev.s3_object ?? prev.path,
        detail: `its SHA-256 is ${prev.content_sha256}; the next digest (${d.s3_object}) recorded ${d.previous_hash}`,
      });
    }
    if (d.previous_signature) signatureOf.set(prev, d.previous_signature);
  }
  for (const d of digests) {
    const sig = signatureOf.get(d);
    const key = d.public_key_fingerprint ? keys?.get(d.public_key_fingerprint.toLowerCase()) : undefined;
    if (!sig || !key) {
      signatures.unchecked++;
      continue;
    }
    if (checkSignature(d, sig, key)) signatures.valid++;
    else {
      signatures.invalid++;
      report({
        kind: 'signature',
        file: d.s3_object ?? d.path,
        detail: 'RSA signature does not verify: the digest file was changed',
      });
    }
  }
  if (keys) {
    const noKey = digests.filter(
      (d) => signatureOf.has(d) && !keys.has((d.public_key_fingerprint ?? '').toLowerCase()),
    );
    for (const d of noKey.slice(0, 20))
      report({
        kind: 'unverifiable',
        file: d.s3_object ?? d.path,
        detail: `no public key with fingerprint ${d.public_key_fingerprint}`,
      });
  }
  const ok =
    files.missing + files.altered + unlisted.length + chain.broken + signatures.invalid === 0 &&
    !problems.some((p) => p.kind === 'unverifiable');
  return { ok, digests: digests.length, log_files: files, unlisted: unlisted.length, chain, signatures, problems };
}

function checkSignature(d: Digest, signatureHex: string, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(signingString(d), 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** A log file ingested before any digest: re-hash its original if it is a plain file still unchanged on disk. */
async function rehashOriginal(n: SameName): Promise<string | null> {
  if (n.member_path !== null) return null;
  if (!(await stat(n.path).catch(() => null))?.isFile()) return null;
  if ((await sha256File(n.path)).sha256 !== n.sha256) return null;
  const head = await readHead(n.path, false, 2);
  return contentSha256(n.path, head[0] === 0x1f && head[1] === 0x8b).catch(() => null);
}
