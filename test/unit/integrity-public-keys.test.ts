import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePublicKeys } from '../../main/core/integrity/public-keys';
import { signingString } from '../../main/core/integrity/validate-digests';
import { verify } from 'node:crypto';

describe('public keys as `aws cloudtrail list-public-keys` prints them', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const entry = (type: 'pkcs1' | 'spki', fp: string) => ({
    Value: publicKey.export({ format: 'der', type }).toString('base64'),
    ValidityStartTime: '2026-01-01T00:00:00Z',
    ValidityEndTime: '2026-02-01T00:00:00Z',
    Fingerprint: fp,
  });

  it('reads PKCS#1 (as AWS documents) and SubjectPublicKeyInfo values, by fingerprint', () => {
    const keys = parsePublicKeys(JSON.stringify({ PublicKeyList: [entry('pkcs1', 'AB12'), entry('spki', 'cd34')] }));
    expect([...keys.keys()]).toEqual(['ab12', 'cd34']);
    const d = {
      digest_end_text: '2026-01-01T01:00:00Z',
      s3_bucket: 'b',
      s3_object: 'k',
      content_sha256: 'ff',
      previous_signature: null,
    };
    const sig = sign('sha256', Buffer.from(signingString(d)), privateKey);
    for (const k of keys.values()) expect(verify('sha256', Buffer.from(signingString(d)), k, sig)).toBe(true);
  });

  it('says what is wrong with a bad keys file', () => {
    expect(() => parsePublicKeys('nope')).toThrow(/not JSON/);
    expect(() => parsePublicKeys('{"keys":[]}')).toThrow(/PublicKeyList/);
    expect(() => parsePublicKeys('{"PublicKeyList":[{"Fingerprint":"x"}]}')).toThrow(/entry 0 has no Value/);
    expect(() => parsePublicKeys('{"PublicKeyList":[{"Fingerprint":"x","Value":"AAAA"}]}')).toThrow(/not an RSA key/);
  });
});
