import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { sha256 } from '../../main/core/case/custody-chain';
import { certDer } from '../../main/core/report/cades-signer';
import { sha256Hex } from '../../main/core/report/manifest';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { ReportResult } from '../../shared/model';
import { robustCase } from './robust-case';
import { closeAndRelease, copyCase, editDatabase, readLines, rechain, trailmark, writeLines } from './tamper';

const NAME = 'Ada Lovelace';

/** A signed report checked against its case and a pinned signer; bytes outside the signed ranges changed. */
describe('report verification', () => {
  let c: Awaited<ReturnType<typeof robustCase>>;
  let good: string; // signed by the investigator
  let impostor: string; // same name, a new self-signed key
  let certFile: string;
  let fingerprint: string;

  const sign = async (key: ReturnType<typeof createSelfSignedIdentity>, name: string, caseDir: string) => {
    const p12 = path.join(c.root, `${name}.p12`);
    await writeFile(p12, toPkcs12(key, 'pw'));
    const core = createCoreService('cli');
    try {
      await core.api.openCase({ path: caseDir });
      const { job } = await core.api.startReport({
        out: path.join(c.root, `${name}.pdf`),
        investigator: NAME,
        sections: ['summary', 'custody'],
        sign: { kind: 'p12', path: p12, passphrase: 'pw' },
      });
      const end = await core.session.jobs.wait(job);
      expect(end.state, end.error?.message).toBe('done');
      return ReportResult.parse(end.result).out;
    } finally {
      core.close();
    }
  };

  beforeAll(async () => {
    c = await robustCase({ analyse: true });
    await closeAndRelease(c.core, c.caseDir);
    const investigator = createSelfSignedIdentity({ name: NAME });
    certFile = path.join(c.root, 'investigator.pem');
    await writeFile(certFile, forge.pki.certificateToPem(investigator.certs[0]!));
    fingerprint = sha256Hex(certDer(investigator.certs[0]!));
    good = await sign(investigator, 'good', c.caseDir);
    impostor = await sign(createSelfSignedIdentity({ name: NAME }), 'impostor', c.caseDir);
  });
  afterAll(() => c?.cleanup());

  it('a report verifies against its case, and the text names the certificate by its SHA-256', () => {
    const r = trailmark('verify', good, '--case', c.caseDir);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(`cert sha256 ${fingerprint}`);
    expect(r.out).toContain('custody head in its chain, log intact');
  });

  it('--expect-signer pins the signer by fingerprint or certificate file', () => {
    expect(trailmark('verify', good, '--expect-signer', fingerprint).code).toBe(0);
    expect(trailmark('verify', good, '--expect-signer', fingerprint.toUpperCase().match(/../g)!.join(':')).code).toBe(
      0,
    );
    expect(trailmark('verify', good, '--expect-signer', certFile).code).toBe(0);
  });

  it('a report signed by a new key with the same name shows another certificate, and fails the pin', () => {
    const plain = trailmark('verify', impostor);
    expect(plain.code).toBe(0); // a valid signature, by someone
    expect(plain.out).not.toContain(fingerprint);
    const pinned = trailmark('verify', impostor, '--expect-signer', certFile);
    expect(pinned.code).toBe(1);
    expect(pinned.out).toMatch(/not the expected .* \(a different signer\)/);
  });

  it.each([
    ['a padding byte', (hole: string, der: number) => hole.slice(0, der + 100) + '1' + hole.slice(der + 101)],
    ['the last padding byte', (hole: string) => hole.slice(0, -2) + '7' + hole.slice(-1)],
    ['a hex letter upper-cased', (hole: string) => hole.replace(/[a-f]/, (x) => x.toUpperCase())],
  ])('%s changed inside /Contents fails verification', async (name, change) => {
    const pdf = await readFile(good);
    const text = pdf.toString('latin1');
    const m = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/g)].pop()!;
    const [from, to] = [Number(m[2]), Number(m[3])];
    const hole = text.slice(from, to);
    const derHex = 2 * (4 + Buffer.from(hole.slice(1, 9), 'hex').readUInt16BE(2));
    const changed = change(hole, derHex);
    expect(changed).not.toBe(hole);
    expect(changed.length).toBe(hole.length);
    const out = path.join(c.root, `${name.replaceAll(' ', '-')}.pdf`);
    await writeFile(out, Buffer.concat([pdf.subarray(0, from), Buffer.from(changed, 'latin1'), pdf.subarray(to)]));
    const r = trailmark('verify', out);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/signature contents/);
  });

  it('a case whose log was rewritten consistently, anchor and all, no longer holds the report head', async () => {
    const dir = await copyCase(c.caseDir, 'rewritten-all');
    const lines = await readLines(dir);
    const i = lines.findIndex((l) => l.includes('"action":"analysis.run"'));
    lines.splice(i, 1);
    const rewritten = rechain(lines);
    await writeLines(dir, rewritten);
    const head = sha256(rewritten[rewritten.length - 1]!);
    const n = rewritten.length;
    await editDatabase(
      dir,
      `UPDATE custody_anchor SET entries = ${n}, head = '${head}', prev_entries = ${n}, prev_head = '${head}', pending = '', problem = NULL`,
    );
    expect(trailmark('info', dir).code).toBe(0); // nothing inside the case can tell: the report can
    const r = trailmark('verify', good, '--case', dir);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/is not in .*custody log: the log was rewritten after the report/);
  });

  it('a report checked against another case fails', async () => {
    const other = await robustCase();
    try {
      await closeAndRelease(other.core, other.caseDir);
      const r = trailmark('verify', good, '--case', other.caseDir);
      expect(r.code).toBe(1);
      expect(r.out, r.err).toContain('NOT in its chain');
    } finally {
      await other.cleanup();
    }
  });
});
