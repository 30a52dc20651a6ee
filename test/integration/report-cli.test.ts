import { existsSync } from 'node:fs';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { tempDir } from '../helpers/paths';
import { seedFindings } from './report-case';
import { pageCount, pdfsig, trailmark } from './report-poppler';

describe('trailmark report and trailmark verify', () => {
  let dir: string;
  let caseDir: string;
  beforeAll(async () => {
    dir = await tempDir('trailmark-report-cli-');
    caseDir = path.join(dir, 'cli.trailmark');
    const r = trailmark('demo', caseDir, '--days', '3', '--scale', '0.2', '--json');
    expect(r.code, r.err).toBe(0);
    const db = await Duck.open(path.join(caseDir, 'case.duckdb'));
    await seedFindings(db, 6);
    db.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates an encrypted signing identity, signs with it, and verify accepts the result', () => {
    process.env.TM_TEST_PASS = 'pass phrase ✓';
    const p12 = path.join(dir, 'me.p12');
    const out = path.join(dir, 'letter.pdf');
    const args = ['report', caseDir, '--out', out, '--sign', p12, '--pass-env', 'TM_TEST_PASS'];
    const first = trailmark(
      ...args,
      '--create-identity',
      '--investigator',
      'Grace Hopper',
      '--paper',
      'Letter',
      '--json',
    );
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/created a signing identity for "Grace Hopper"/);
    expect(existsSync(p12)).toBe(true);
    const result = JSON.parse(first.out);
    expect(result).toMatchObject({ out, signed: true, signer: { name: 'Grace Hopper', self_signed: true } });
    expect(pageCount(out)).toBe(result.pages);
    expect(pdfsig(out)).toContain('Signature is Valid');

    const v = trailmark('verify', out, '--json');
    expect(v.code, v.err).toBe(0);
    expect(Object.keys(JSON.parse(v.out))).toEqual(expect.arrayContaining(['valid', 'signer', 'signed_at', 'reasons']));
    expect(trailmark('verify', out).out).toMatch(/VALID[\s\S]*Grace Hopper \(self-signed certificate\)/);
  });

  it('refuses a wrong passphrase, a missing identity file and an unset variable, as bad usage or input', () => {
    const p12 = path.join(dir, 'me.p12');
    process.env.TM_WRONG = 'nope';
    const wrong = trailmark(
      'report',
      caseDir,
      '--out',
      path.join(dir, 'x.pdf'),
      '--sign',
      p12,
      '--pass-env',
      'TM_WRONG',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/me\.p12: cannot open it/);
    const missing = trailmark(
      'report',
      caseDir,
      '--out',
      path.join(dir, 'x.pdf'),
      '--sign',
      path.join(dir, 'none.p12'),
      '--pass-env',
      'TM_WRONG',
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file \(add --create-identity/);
    const noConclusion = trailmark(
      'report',
      caseDir,
      '--out',
      path.join(dir, 'x.pdf'),
      '--conclusion',
      path.join(dir, 'none.txt'),
    );
    expect(noConclusion.code).toBe(2);
    expect(noConclusion.err).toMatch(/--conclusion .*none\.txt: cannot read it \(ENOENT\)/);
    const unset = trailmark(
      'report',
      caseDir,
      '--out',
      path.join(dir, 'x.pdf'),
      '--sign',
      p12,
      '--pass-env',
      'TM_NOT_SET_ANYWHERE',
    );
    expect(unset.code).toBe(2);
    expect(existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });

  it('an unsigned report: exit 1 from verify, with the reason', () => {
    const out = path.join(dir, 'unsigned.pdf');
    const r = trailmark('report', caseDir, '--out', out, '--confirmed-only', '--sections', 'summary,findings');
    expect(r.code, r.err).toBe(0);
    const v = trailmark('verify', out, '--json');
    expect(v.code).toBe(1);
    expect(JSON.parse(v.out)).toMatchObject({ valid: false, signer: null });
    expect(JSON.parse(v.out).reasons[0]).toMatch(/not signed/);
  });
});
