import { generateKeyPairSync } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { signingString } from '../../main/core/integrity/validate-digests';
import { cloudTrailRecords, gz } from '../helpers/archives';
import { logKey, writeTrail } from '../helpers/cloudtrail-digests';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

describe('CloudTrail digest validation, offline', () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  async function validate(dir: string, keys?: string, more: string[] = []) {
    ({ core } = await openTempCase());
    const s = await ingest(core, [dir, ...more]);
    return { s, v: await core.api.validateDigests(keys ? { public_keys: keys } : {}) };
  }

  it('builds the signing string as AWS documents it', () => {
    expect(
      signingString({
        digest_end_text: '2015-08-12T04:01:31Z',
        s3_bucket: 'b',
        s3_object: 'AWSLogs/1/x.json.gz',
        content_sha256: 'abc',
        previous_signature: null,
      }),
    ).toBe('2015-08-12T04:01:31Z\nb/AWSLogs/1/x.json.gz\nabc\nnull');
  });

  it('validates an untouched trail: hashes, chain and signatures', async () => {
    const t = await writeTrail(await tempDir());
    const { s, v } = await validate(t.dir, t.publicKeysJson);
    expect(s.files.filter((f) => f.format === 'cloudtrail_digest')).toHaveLength(4);
    expect(s.loaded).toBe(8 * 3); // digests are kept, never read as events
    expect(v).toMatchObject({
      ok: true,
      digests: 4,
      log_files: { listed: 8, valid: 8, missing: 0, altered: 0 },
      unlisted: 0,
      chain: { links: 3, broken: 0 },
      // the newest digest's signature is in S3 metadata only, so it can't be checked offline
      signatures: { valid: 3, invalid: 0, unchecked: 1 },
    });
    expect(v.problems).toEqual([]);
    const info = await core!.api.caseInfo({});
    expect(info.issues.first.filter((i) => /digest/i.test(i.reason))).toEqual([]);
  });

  it('reports an altered, a missing and an unlisted log file', async () => {
    const t = await writeTrail(await tempDir());
    await writeFile(t.logs[1]!, gz(cloudTrailRecords(3, () => ({ eventName: 'DeleteTrail' }))));
    await rm(t.logs[4]!);
    const extra = path.join(t.dir, logKey(new Date(Date.UTC(2026, 9, 1, 11, 50)), 'zzz'));
    await writeFile(extra, gz(cloudTrailRecords(2)));
    const { v } = await validate(t.dir, t.publicKeysJson);
    expect(v.ok).toBe(false);
    expect(v.log_files).toEqual({ listed: 8, valid: 6, missing: 1, altered: 1 });
    expect(v.unlisted).toBe(1);
    const byKind = (k: string) => v.problems.filter((p) => p.kind === k).map((p) => p.file);
    expect(byKind('altered')).toEqual([path.relative(t.dir, t.logs[1]!)]);
    expect(byKind('missing')).toEqual([path.relative(t.dir, t.logs[4]!)]);
    expect(byKind('unlisted')).toEqual([extra]);
    expect(v.chain.broken).toBe(0);
    expect(v.signatures).toMatchObject({ valid: 3, invalid: 0 });
  });

  it('reports a changed digest (chain hash and signature) and a removed digest (chain link)', async () => {
    const t = await writeTrail(await tempDir());
    const { gunzipSync } = await import('node:zlib');
    const { readFile } = await import('node:fs/promises');
    const d1 = JSON.parse(gunzipSync(await readFile(t.digests[1]!)).toString()) as { logFiles: unknown[] };
    d1.logFiles.pop(); // hide a log file from the record
    await writeFile(t.digests[1]!, gz(JSON.stringify(d1)));
    const { v } = await validate(t.dir, t.publicKeysJson);
    expect(v.ok).toBe(false);
    expect(v.chain).toEqual({ links: 3, broken: 1 });
    expect(v.signatures).toMatchObject({ valid: 2, invalid: 1 });
    const chain = v.problems.find((p) => p.kind === 'chain');
    expect(chain?.file).toBe(path.relative(t.dir, t.digests[1]!));
    expect(v.unlisted).toBe(1); // the log file it no longer lists
    core?.close();

    const t2 = await writeTrail(await tempDir());
    await rm(t2.digests[2]!);
    const r2 = await validate(t2.dir, t2.publicKeysJson);
    expect(r2.v.chain.broken).toBe(1);
    expect(r2.v.problems.find((p) => p.kind === 'chain')?.detail).toContain(path.relative(t2.dir, t2.digests[2]!));
    expect(r2.v.log_files.missing).toBe(0);
    expect(r2.v.unlisted).toBe(2); // the hour whose digest is gone
  });

  it('rejects signatures made with another key, and checks nothing without keys', async () => {
    const t = await writeTrail(await tempDir());
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const keys = JSON.parse(t.publicKeysJson) as { PublicKeyList: { Value: string }[] };
    keys.PublicKeyList[0]!.Value = other.export({ format: 'der', type: 'spki' }).toString('base64');
    const { v } = await validate(t.dir, JSON.stringify(keys));
    expect(v.signatures).toEqual({ valid: 0, invalid: 3, unchecked: 1 });
    expect(v.ok).toBe(false);
    const none = await core!.api.validateDigests({});
    expect(none.signatures).toEqual({ valid: 0, invalid: 0, unchecked: 4 });
    expect(none.log_files.valid).toBe(8);
  });

  it('checks log files ingested before their digests, from the originals on disk', async () => {
    const t = await writeTrail(await tempDir());
    ({ core } = await openTempCase());
    await ingest(core, t.logs);
    await ingest(core, t.digests);
    const v = await core.api.validateDigests({});
    expect(v.log_files).toEqual({ listed: 8, valid: 8, missing: 0, altered: 0 });
    expect(v.chain.broken).toBe(0);
    expect(v.unlisted).toBe(0);
  });
});
