import { createPublicKey, type KeyObject } from 'node:crypto';
import { TrailmarkError } from '../../../shared/errors';

/**
 * The JSON that `aws cloudtrail list-public-keys` prints ({"PublicKeyList": [{Value, Fingerprint, ...}]}), as
 * keys by fingerprint. Value is base64 DER: PKCS#1 RSAPublicKey as AWS documents it, or SubjectPublicKeyInfo.
 */
export function parsePublicKeys(json: string): Map<string, KeyObject> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new TrailmarkError('bad_input', `public keys: not JSON (${(err as Error).message})`);
  }
  const d = doc as Record<string, unknown>;
  const list = (d?.PublicKeyList ?? d?.publicKeyList) as unknown;
  if (!Array.isArray(list))
    throw new TrailmarkError(
      'bad_input',
      'public keys: expected {"PublicKeyList": [...]} as printed by list-public-keys',
    );
  const keys = new Map<string, KeyObject>();
  for (const [i, k] of list.entries()) {
    const { Value, Fingerprint } = (k ?? {}) as { Value?: unknown; Fingerprint?: unknown };
    if (typeof Value !== 'string' || typeof Fingerprint !== 'string')
      throw new TrailmarkError('bad_input', `public keys: entry ${i} has no Value or Fingerprint`);
    const der = Buffer.from(Value, 'base64');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    } catch {
      try {
        key = createPublicKey({ key: der, format: 'der', type: 'spki' });
      } catch (err) {
        throw new TrailmarkError(
          'bad_input',
          `public keys: entry ${i} (${Fingerprint}) is not an RSA key: ${(err as Error).message}`,
        );
      }
    }
    keys.set(Fingerprint.toLowerCase(), key);
  }
  return keys;
}
