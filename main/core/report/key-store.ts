import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { TrailmarkError } from '../../../shared/errors';
import { certDer, type KeyMaterial } from './cades-signer';
import { sha256Hex } from './manifest';
import {
  createSelfSignedIdentity,
  describeCertificate,
  type SignerDescription,
  type SignerSubject,
} from './signing-identity';

/**
 * How a shell keeps private keys at rest. The Electron shell registers one over safeStorage (the OS key store);
 * the CLI and the loopback host use a passphrase: the one the investigator types with the request, else
 * TRAILMARK_SIGNING_PASSPHRASE. The core never writes a key in clear, and never keeps a typed passphrase.
 */
export interface KeyProtector {
  readonly kind: string;
  seal(plain: Buffer): Promise<Buffer>;
  open(sealed: Buffer): Promise<Buffer>;
}

let registered: KeyProtector | null = null;
export function registerKeyProtector(p: KeyProtector | null): void {
  registered = p;
}

/** AES-256-GCM under a key derived from a passphrase with scrypt; salt and nonce travel with the ciphertext. */
export function passphraseProtector(passphrase: string): KeyProtector {
  return {
    kind: 'passphrase',
    async seal(plain) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', scryptSync(passphrase, salt, 32), iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([salt, iv, c.getAuthTag(), body]);
    },
    async open(sealed) {
      const d = createDecipheriv(
        'aes-256-gcm',
        scryptSync(passphrase, sealed.subarray(0, 16), 32),
        sealed.subarray(16, 28),
      );
      d.setAuthTag(sealed.subarray(28, 44));
      try {
        return Buffer.concat([d.update(sealed.subarray(44)), d.final()]);
      } catch {
        throw new TrailmarkError('bad_input', 'the signing key cannot be unlocked (wrong passphrase?)');
      }
    },
  };
}

/** What protects kept keys here: the OS key store (a shell registered it), the environment, or a typed passphrase. */
export function keyStoreKind(): 'os' | 'env' | 'passphrase' {
  if (registered) return 'os';
  return process.env.TRAILMARK_SIGNING_PASSPHRASE ? 'env' : 'passphrase';
}

function activeProtector(typed?: string): KeyProtector {
  if (registered) return registered;
  const pass = typed || process.env.TRAILMARK_SIGNING_PASSPHRASE;
  if (pass) return passphraseProtector(pass);
  throw new TrailmarkError(
    'bad_request',
    'no key store: type the key-store passphrase that protects kept signing identities (the desktop app uses the OS ' +
      'key store instead), set TRAILMARK_SIGNING_PASSPHRASE, or sign with a PKCS#12 file ' +
      '(trailmark report --sign FILE.p12 --pass-env VAR)',
  );
}

export interface StoredIdentity extends SignerDescription {
  id: string;
  protector: string;
}

export function identitiesDir(): string {
  return process.env.TRAILMARK_IDENTITIES_DIR ?? path.join(os.homedir(), '.trailmark', 'signing-identities');
}

/** Signing identities the app made: <id>.json (certificate and description) beside <id>.key (the sealed key). */
export async function listStoredIdentities(dir = identitiesDir()): Promise<StoredIdentity[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: StoredIdentity[] = [];
  for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
    const meta = JSON.parse(await readFile(path.join(dir, n), 'utf8')) as StoredIdentity & { cert_pem: string };
    const { cert_pem: _pem, ...rest } = meta;
    out.push(rest);
  }
  return out;
}

export async function createStoredIdentity(
  subject: SignerSubject,
  dir = identitiesDir(),
  passphrase?: string,
): Promise<StoredIdentity> {
  const protector = activeProtector(passphrase);
  const key = createSelfSignedIdentity(subject);
  const cert = key.certs[0]!;
  const id = randomUUID();
  const info: StoredIdentity = {
    id,
    protector: protector.kind,
    ...describeCertificate(cert, sha256Hex(certDer(cert))),
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, `${id}.key`), await protector.seal(Buffer.from(key.keyPem)), { mode: 0o600 });
  await writeFile(
    path.join(dir, `${id}.json`),
    JSON.stringify({ ...info, cert_pem: forge.pki.certificateToPem(cert) }, null, 2),
  );
  return info;
}

export async function loadStoredIdentity(id: string, dir = identitiesDir(), passphrase?: string): Promise<KeyMaterial> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new TrailmarkError('bad_request', `no signing identity ${id}`);
  const meta = await readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => {
    throw new TrailmarkError('not_found', `no signing identity ${id} in ${dir}`);
  });
  const { cert_pem } = JSON.parse(meta) as { cert_pem: string };
  const sealed = await readFile(path.join(dir, `${id}.key`));
  const keyPem = (await activeProtector(passphrase).open(sealed)).toString('utf8');
  return { keyPem, certs: [forge.pki.certificateFromPem(cert_pem)] };
}
