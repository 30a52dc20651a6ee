import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { cadesDetached } from '../../main/core/report/cades-signer';
import {
  createStoredIdentity,
  keyStoreKind,
  listStoredIdentities,
  loadStoredIdentity,
  passphraseProtector,
  registerKeyProtector,
} from '../../main/core/report/key-store';
import { finishPdf } from '../../main/core/report/sign-pdf';
import { createSelfSignedIdentity, fromPkcs12, toPkcs12 } from '../../main/core/report/signing-identity';
import { checkCms } from '../../main/core/report/verify-cms';
import { verifyReport } from '../../main/core/report/verify';
import { tempDir } from '../helpers/paths';

const key = createSelfSignedIdentity({ name: 'Zoë Ångström', organization: 'Acme Łódź', email: 'zoe@example.org' });

describe('CAdES detached signatures', () => {
  const content = Buffer.from('the bytes a ByteRange covers');

  it('verify with the signer certificate, naming the signer', () => {
    const r = checkCms(cadesDetached(content, key), content, new Date());
    expect(r.reasons).toEqual([]);
    expect(r.signer).toMatchObject({ name: 'Zoë Ångström', organization: 'Acme Łódź', self_signed: true });
  });

  it('report a changed content as a digest mismatch', () => {
    const r = checkCms(cadesDetached(content, key), Buffer.from('other bytes'), null);
    expect(r.reasons.join(' ')).toMatch(/digest mismatch/);
  });

  it('report a signature made by another key', () => {
    const cms = cadesDetached(content, key);
    const other = createSelfSignedIdentity({ name: 'Mallory' });
    // The same structure with the other key's signature value spliced in: the value no longer verifies.
    const forged = cadesDetached(content, { keyPem: other.keyPem, certs: key.certs });
    expect(forged.length).toBe(cms.length);
    expect(checkCms(forged, content, null).reasons.join(' ')).toMatch(/does not verify/);
  });

  it('report a signing time outside the certificate validity', () => {
    const r = checkCms(cadesDetached(content, key), content, new Date('2001-01-01T00:00:00Z'));
    expect(r.reasons.join(' ')).toMatch(/not valid at the signing time/);
  });

  it('is not readable when it is not DER', () => {
    expect(checkCms(Buffer.from('garbage'), content, null).reasons[0]).toMatch(/not a readable CMS/);
  });
});

describe('PKCS#12 signing identities', () => {
  it('round-trip with their passphrase, Unicode names intact, and refuse a wrong one', () => {
    const p12 = toPkcs12(key, 'pässwörd');
    const back = fromPkcs12(p12, 'pässwörd');
    expect(back.keyPem).toContain('PRIVATE KEY');
    expect(back.certs[0]!.serialNumber).toBe(key.certs[0]!.serialNumber);
    expect(() => fromPkcs12(p12, 'wrong', 'me.p12')).toThrow(/me\.p12: cannot open it/);
  });

  it('outside the desktop app, are sealed under the passphrase typed with the request (none: a clear refusal)', async () => {
    const dir = await tempDir();
    const env = process.env.TRAILMARK_SIGNING_PASSPHRASE;
    delete process.env.TRAILMARK_SIGNING_PASSPHRASE;
    try {
      expect(keyStoreKind()).toBe('passphrase');
      await expect(createStoredIdentity({ name: 'Web Host' }, dir)).rejects.toThrow(/key-store passphrase/);
      const made = await createStoredIdentity({ name: 'Web Host' }, dir, 'typed secret');
      const sealed = await readFile(path.join(dir, `${made.id}.key`));
      expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
      expect((await loadStoredIdentity(made.id, dir, 'typed secret')).keyPem).toContain('PRIVATE KEY');
      await expect(loadStoredIdentity(made.id, dir, 'other')).rejects.toThrow(/cannot be unlocked/);
      await expect(loadStoredIdentity(made.id, dir)).rejects.toThrow(/key-store passphrase/);
    } finally {
      if (env !== undefined) process.env.TRAILMARK_SIGNING_PASSPHRASE = env;
    }
  });

  it('are kept sealed by the registered key protector, never as clear PEM', async () => {
    const dir = await tempDir();
    registerKeyProtector(passphraseProtector('shell secret'));
    try {
      const made = await createStoredIdentity({ name: 'Desk Top', organization: 'Org' }, dir);
      expect((await listStoredIdentities(dir)).map((i) => i.id)).toEqual([made.id]);
      const sealed = await readFile(path.join(dir, `${made.id}.key`));
      expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
      const loaded = await loadStoredIdentity(made.id, dir);
      expect(loaded.keyPem).toContain('PRIVATE KEY');
      registerKeyProtector(passphraseProtector('another secret'));
      await expect(loadStoredIdentity(made.id, dir)).rejects.toThrow(/cannot be unlocked/);
    } finally {
      registerKeyProtector(null);
    }
  });
});

describe('a signed PDF', () => {
  it('carries its attachments and verifies, and any changed byte is caught', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText('hello');
    const plain = Buffer.from(await doc.save());
    const signed = await finishPdf(plain, [], {
      key,
      name: 'Zoë',
      reason: 'test',
      location: 'here',
      contact: 'zoe',
      at: new Date(),
    });
    const dir = await tempDir();
    const file = path.join(dir, 'signed.pdf');
    await writeFile(file, signed);
    const ok = await verifyReport(file);
    // No manifest in this bare PDF: the signature itself holds, the missing manifest is the only reason.
    expect(ok.reasons).toEqual(['no embedded manifest.json']);
    expect(ok.signer?.name).toBe('Zoë Ångström');
    const changed = Buffer.from(signed);
    changed[20]! ^= 0x20;
    await writeFile(file, changed);
    expect((await verifyReport(file)).reasons.join(' ')).toMatch(/digest mismatch/);
  });
});
