import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultOf } from '../../shared/jobs';
import { ReportResult } from '../../shared/model';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { gatherEvidence } from '../../main/core/report/gather-records';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { tempDir } from '../helpers/paths';
import { seedFindings } from './report-case';
import { pageCount, pdfsig, pdfText, poppler, signatureLayout, trailmark } from './report-poppler';

const INVESTIGATOR = 'Zoë Ångström';
const ORG = 'Acme Forensics Łódź';
const CONCLUSION = 'The key was misused from outside.\n\nRotate it — today.';

describe('signed PDF reports (checked with poppler)', () => {
  let core: CoreService;
  let dir: string;
  let p12: string;
  const reports: Record<string, ReportResult> = {};

  async function report(name: string, params: Record<string, unknown>): Promise<ReportResult> {
    const { job } = await core.api.startReport({
      out: path.join(dir, `${name}.pdf`),
      investigator: INVESTIGATOR,
      organization: ORG,
      sign: { kind: 'p12', path: p12, passphrase: 'correct horse' },
      ...params,
    });
    const end = await core.session.jobs.wait(job);
    expect(end.state, end.error?.message).toBe('done');
    return ReportResult.parse(end.result);
  }

  beforeAll(async () => {
    dir = await tempDir('trailmark-report-');
    core = createCoreService('cli');
    const { job } = await core.api.startDemo({ path: path.join(dir, 'r.trailmark'), days: 7, scale: 0.3 });
    const built = await core.session.jobs.wait(job);
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
    await seedFindings(core.session.requireCase().db, 16);
    await core.session.requireCase().db.run(
      `INSERT INTO analysis_runs VALUES ('run-1', now(), now(), '2026-10-05T00:00:00Z',
           '{"burstGapMinutes":30,"sigmaDir":null}', '[{"name":"volume_spike","version":1,"signals":7}]', 16)`,
    );
    p12 = path.join(dir, 'investigator.p12');
    await writeFile(
      p12,
      toPkcs12(createSelfSignedIdentity({ name: INVESTIGATOR, organization: ORG }), 'correct horse'),
    );
    for (const paper of ['A4', 'Letter'] as const)
      reports[paper] = await report(`case-${paper}`, { paper, conclusion: CONCLUSION });
  });
  afterAll(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const paper of ['A4', 'Letter'] as const) {
    describe(paper, () => {
      const file = () => reports[paper]!.out;

      it('has the page count and paper size it reports', () => {
        const info = poppler('pdfinfo', file());
        expect(pageCount(file())).toBe(reports[paper]!.pages);
        expect(reports[paper]!.pages).toBeGreaterThan(10);
        expect(info).toMatch(paper === 'A4' ? /595\.\d* x 841\.\d* pts \(A4\)/ : /612 x 792 pts \(letter\)/);
      });

      it('holds real text for every key section, in Unicode', () => {
        const text = pdfText(file());
        for (const heading of [
          'Contents',
          'Executive summary',
          'Scope',
          'Evidence',
          'Integrity',
          'Method',
          'Identity inventory',
          'Findings',
          'Flags and notes',
          'Custody log',
          'Appendix A: dismissed findings',
          'Appendix B: re-performing the figures',
          'Reconciliation per source',
          'Appendix C: embedded files',
          'Evidence files holding cited events',
          'All evidence, by format',
          'Entries by action',
        ])
          expect(text).toContain(heading);
        expect(text).toContain(INVESTIGATOR);
        expect(text).toContain(ORG);
        expect(text).toContain('Łódź-style Unicode stays intact');
        expect(text).toContain('Escalated to the cloud team — “urgent”');
        expect(text).toContain('CloudTrail digest validation');
        expect(text).toContain('none in this case: CloudTrail log-file integrity cannot be validated from digests');
        expect(text).toMatch(/Log gaps \(\d+ in \d+ streams/);
        expect(text).toContain('lists the evidence hashes, the findings and the custody log head');
        expect(text).toContain('This report is a signed PDF.');
        expect(text).toMatch(/Page 1 of \d+/);
        expect(text).toContain('override by ada');
        // The summary tells the story and carries the investigator's conclusion, paragraph by paragraph.
        expect(text).toMatch(/What the findings show Trailmark examined 4,107 events recorded between/);
        expect(text).toMatch(
          /\(account \d{12}\): “Unusual activity by [^”]+”.* The \d+ cited events ran from .* UTC, from /,
        );
        expect(text).toContain('Confirmed by the investigator.');
        expect(text).toContain('Investigator’s conclusion The key was misused from outside. Rotate it — today.');
        // Flags name what they are on; the inventory gives each identity's account and full id.
        expect(text).toMatch(/flag finding “Unusual activity by/);
        expect(text).toMatch(/identity \/ full id account/);
        // The method section prints an analysis run's settings and detectors as rows, not as JSON.
        expect(text).toMatch(/Analysis run run-1 .*parameter value burstGapMinutes 30 sigmaDir — /);
        expect(text).toMatch(/detector (version signals )?volume_spike .*1 7/);
        expect(text).not.toContain('{"burstGapMinutes"');
        // The Detection Rule License asks for the rule's author and a link to the rule set.
        expect(text).toMatch(
          /a Sigma finding its rule’?'?s id and author\. The SigmaHQ rules that ship with Trailmark/,
        );
        expect(text).toContain('https://github.com/SigmaHQ/sigma, under the Detection Rule License 1.1');
        // Confirmed findings come before new ones; dismissed ones only in the appendix.
        expect(text.indexOf('Confirmed findings')).toBeLessThan(text.indexOf('New (not yet reviewed)'));
        expect(text.indexOf('New (not yet reviewed)')).toBeLessThan(
          text.indexOf('Appendix A: dismissed findings', 3000),
        );
      });

      it('embeds every font', () => {
        const rows = poppler('pdffonts', file()).trim().split('\n').slice(2);
        expect(rows.length).toBeGreaterThanOrEqual(3);
        for (const r of rows) expect(r.split(/\s+/).slice(-5)[0], r).toBe('yes');
      });

      it('attaches the findings, the full evidence list and the custody log, each hashed in the manifest', async () => {
        expect(poppler('pdfdetach', '-list', file())).toMatch(
          /5 embedded files[\s\S]*custody-log\.jsonl[\s\S]*evidence-files\.csv[\s\S]*findings\.json[\s\S]*manifest\.json[\s\S]*query-pack\.json/,
        );
        const saved = path.join(dir, `attached-${paper}`);
        await mkdir(saved);
        poppler('pdfdetach', '-saveall', '-o', saved, file());
        const out = path.join(saved, 'findings.json');
        const findings = JSON.parse(await readFile(out, 'utf8')) as { id: string; status: string }[];
        expect(findings).toHaveLength(16);
        expect(findings[0]!.status).toBe('confirmed');
        const manifest = JSON.parse(await readFile(path.join(saved, 'manifest.json'), 'utf8'));
        const sha = async (name: string) =>
          createHash('sha256')
            .update(await readFile(path.join(saved, name)))
            .digest('hex');
        expect(manifest.findings_json_sha256).toBe(await sha('findings.json'));
        expect(manifest.attachments.map((a: { name: string }) => a.name).sort()).toEqual([
          'custody-log.jsonl',
          'evidence-files.csv',
          'findings.json',
          'query-pack.json',
        ]);
        for (const a of manifest.attachments as { name: string; sha256: string }[])
          expect(await sha(a.name), a.name).toBe(a.sha256);
        expect(manifest.custody.head).toMatch(/^[0-9a-f]{64}$/);
        // The full lists are complete: every evidence row, every custody line up to the head the manifest names.
        const csv = (await readFile(path.join(saved, 'evidence-files.csv'), 'utf8')).trim().split('\r\n');
        expect(csv[0]).toBe(
          'evidence_id,path,member_path,sha256,size,format,records,loaded,quarantined,skipped_reason,recheck',
        );
        expect(csv.length - 1).toBe(manifest.evidence.length);
        const custody = (await readFile(path.join(saved, 'custody-log.jsonl'), 'utf8')).trim().split('\n');
        expect(custody.length).toBe(manifest.custody.entries);
        // The body lists only the files holding cited events, and prints the SHA-256 of the full list.
        const text = pdfText(file());
        expect(text).toContain(`SHA-256 of the list ${await sha('evidence-files.csv')}`);
        expect(manifest.evidence.length).toBeGreaterThan(100);
        expect(reports[paper]!.pages).toBeLessThan(40);
      });

      it('is a valid PAdES signature for pdfsig and for trailmark verify', () => {
        const sig = pdfsig(file());
        expect(sig).toContain('Signature is Valid');
        expect(sig).toContain('ETSI.CAdES.detached');
        expect(sig).toContain('Total document signed');
        expect(sig).toContain(`Common Name: ${INVESTIGATOR}`);
        const v = trailmark('verify', file(), '--json');
        expect(v.code, v.err + v.out).toBe(0);
        const r = JSON.parse(v.out);
        expect(r).toMatchObject({ valid: true, reasons: [], signer: { name: INVESTIGATOR, organization: ORG } });
        expect(Date.parse(r.signed_at)).not.toBeNaN();
      });
    });
  }

  it('writes each export and its SHA-256 into the custody log', async () => {
    const log = (await readFile(path.join(core.session.requireCase().dir, 'custody.jsonl'), 'utf8')).trim().split('\n');
    const exported = log.map((l) => JSON.parse(l)).filter((e) => e.action === 'report.exported');
    for (const r of Object.values(reports)) {
      const hash = createHash('sha256')
        .update(await readFile(r.out))
        .digest('hex');
      expect(exported.some((e) => e.detail.sha256 === hash && e.detail.file === r.out)).toBe(true);
    }
  });

  describe('tampering', () => {
    let original: Buffer;
    beforeAll(async () => {
      original = await readFile(reports.A4!.out);
    });

    async function tampered(name: string, change: (b: Buffer) => Buffer): Promise<string> {
      const file = path.join(dir, `tampered-${name}.pdf`);
      await writeFile(file, change(Buffer.from(original)));
      return file;
    }

    it('a content byte inside the signed range: digest mismatch', async () => {
      const { range } = signatureLayout(original);
      const file = await tampered('content', (b) => {
        b[Math.floor(range[1]! / 2)]! ^= 0x01;
        return b;
      });
      const sig = pdfsig(file);
      expect(sig).not.toContain('Signature is Valid');
      expect(sig).toContain('Digest Mismatch');
      const v = trailmark('verify', file, '--json');
      expect(v.code).toBe(1);
      expect(JSON.parse(v.out).reasons.join(' ')).toMatch(/digest mismatch/);
    });

    it('the signature contents: the signature no longer verifies', async () => {
      const { derStart, derLength } = signatureLayout(original);
      const file = await tampered('signature', (b) => {
        const at = derStart + 2 * (derLength - 20); // a hex digit inside the RSA signature value
        b[at] = b[at] === 0x30 ? 0x31 : 0x30;
        return b;
      });
      const sig = pdfsig(file);
      expect(sig).not.toContain('Signature is Valid');
      const v = trailmark('verify', file);
      expect(v.code).toBe(1);
      expect(v.out).toMatch(/does not verify/);
    });

    it('bytes appended after the signature: not the whole document', async () => {
      const file = await tampered('appended', (b) => Buffer.concat([b, Buffer.from('\n% appended after signing\n')]));
      const sig = pdfsig(file);
      // The signed revision itself is intact, so pdfsig checks its ranges, but no longer vouches for the document.
      expect(sig).toContain('Not total document signed');
      expect(sig).not.toMatch(/^\s*- Total document signed/m);
      const v = trailmark('verify', file, '--json');
      expect(v.code).toBe(1);
      expect(JSON.parse(v.out)).toMatchObject({ valid: false });
      expect(JSON.parse(v.out).reasons.join(' ')).toMatch(/26 bytes were added after the signed part/);
    });

    it('an unsigned file and a file that is not a PDF', async () => {
      const notPdf = path.join(dir, 'not.pdf');
      await writeFile(notPdf, 'hello');
      const r = trailmark('verify', notPdf);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not a PDF/);
    });
  });

  it('scope: confirmed findings only, chosen identities, a time range', async () => {
    const db = core.session.requireCase().db;
    const confirmed = await db.scalar<number>("SELECT count(*) FROM findings WHERE status = 'confirmed'");
    const r1 = await report('confirmed', { confirmed_only: true, sections: ['summary', 'findings', 'appendix'] });
    expect(r1.findings).toBe(confirmed);
    const text = pdfText(r1.out);
    expect(text).toContain('confirmed findings only');
    expect(text).not.toContain('New (not yet reviewed)');
    expect(text).not.toContain('Identity inventory');
    expect(text).not.toContain('Flags and notes');

    const actor = (await db.scalar<string>('SELECT actor_uid FROM findings ORDER BY id LIMIT 1'))!;
    const mine = await db.scalar<number>('SELECT count(*) FROM findings WHERE actor_uid = ?', [actor]);
    const r2 = await report('one-identity', { actor_uids: [actor] });
    expect(r2.findings).toBe(mine);
    expect(pdfText(r2.out)).toContain('Identities in scope 1');

    const day = await db.one<{ from: string; to: string }>(
      `SELECT min(start_time)::VARCHAR AS "from", (min(start_time) + INTERVAL 1 DAY)::VARCHAR AS "to" FROM findings`,
    );
    const inRange = await db.scalar<number>(
      `SELECT count(*) FROM findings WHERE end_time >= ?::TIMESTAMPTZ AND start_time <= ?::TIMESTAMPTZ`,
      [day!.from, day!.to],
    );
    const r3 = await report('one-day', { from: day!.from, to: day!.to, sign: { kind: 'none' } });
    expect(r3.findings).toBe(inRange);
    expect(r3.signed).toBe(false);
    expect(pdfText(r3.out)).toContain('This report is NOT signed');
    const unsigned = trailmark('verify', r3.out);
    expect(unsigned.code).toBe(1);
    expect(unsigned.out).toMatch(/not signed/);
  });

  it('a cancelled report writes no file and logs no export', async () => {
    const out = path.join(dir, 'cancelled.pdf');
    const { job } = await core.api.startReport({ out, investigator: 'x' });
    core.session.jobs.cancel(job);
    expect((await core.session.jobs.wait(job)).state).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
    const log = await readFile(path.join(core.session.requireCase().dir, 'custody.jsonl'), 'utf8');
    expect(log).not.toContain('cancelled.pdf');
  });

  it('a wrong PKCS#12 passphrase is refused before any work starts', async () => {
    await expect(
      core.api.startReport({
        out: path.join(dir, 'never.pdf'),
        investigator: 'x',
        sign: { kind: 'p12', path: p12, passphrase: 'wrong' },
      }),
    ).rejects.toThrow(/investigator\.p12: cannot open it/);
  });

  it('re-hashes the originals still reachable: a changed file and a moved one are reported', async () => {
    const db = core.session.requireCase().db;
    const files = await db.all<{ path: string }>(
      'SELECT DISTINCT path FROM evidence_files WHERE member_path IS NULL ORDER BY path LIMIT 2',
    );
    await appendFile(files[0]!.path, ' ');
    await rename(files[1]!.path, files[1]!.path + '.moved');
    const { rows, rehash } = await gatherEvidence(db);
    expect(rehash.changed).toBe(1);
    expect(rehash.unreachable).toBe(1);
    expect(rehash.match).toBe(rehash.checked - 2);
    expect(rows.find((r) => r.path === files[0]!.path)?.recheck).toBe('changed');
    expect(rows.find((r) => r.path === files[1]!.path)?.recheck).toBe('unreachable');
  });
});
