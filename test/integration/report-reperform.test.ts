import path from 'node:path';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportResult, VerifyResult } from '../../shared/model';
import { resultOf } from '../../shared/jobs';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { describeAttachments, reportAttachments } from '../../main/core/report/attachments';
import type { ReportOptions } from '../../main/core/report/content';
import { gatherReport } from '../../main/core/report/gather';
import { buildManifest, MANIFEST_FILE } from '../../main/core/report/manifest';
import type { QueryPack } from '../../main/core/report/query-pack';
import { renderReport } from '../../main/core/report/render';
import { finishPdf } from '../../main/core/report/sign-pdf';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { REPORT_SECTIONS } from '../../shared/methods/report';
import { tempDir } from '../helpers/paths';
import { seedFindings } from './report-case';
import { pdfText, poppler, trailmark } from './report-poppler';

const SIGN = { kind: 'p12' as const, path: '', passphrase: 'pw' };

describe('re-performable reports: the embedded query pack, run again on the case', () => {
  let core: CoreService;
  let dir: string;
  let casePath: string;
  let file: string;

  beforeAll(async () => {
    dir = await tempDir('trailmark-reperform-');
    casePath = path.join(dir, 'r.trailmark');
    core = createCoreService('cli');
    const built = await core.session.jobs.wait((await core.api.startDemo({ path: casePath, days: 4, scale: 0.2 })).job);
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
    await seedFindings(core.session.requireCase().db, 6);
    SIGN.path = path.join(dir, 'inv.p12');
    await writeFile(SIGN.path, toPkcs12(createSelfSignedIdentity({ name: 'Ada Auditor' }), 'pw'));
    file = path.join(dir, 'case.pdf');
    const end = await core.session.jobs.wait(
      (await core.api.startReport({ out: file, investigator: 'Ada Auditor', sign: SIGN })).job,
    );
    expect(end.state, end.error?.message).toBe('done');
    ReportResult.parse(end.result);
  });
  afterAll(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const verify = async () =>
    VerifyResult.parse(await core.api.verifyReport({ path: file, case: casePath, reperform: true }));

  it('embeds a query pack with the SQL, parameters, population and count of every table and finding', async () => {
    poppler('pdfdetach', '-saveall', '-o', dir, file);
    const pack = JSON.parse(await readFile(path.join(dir, 'query-pack.json'), 'utf8')) as QueryPack;
    const ids = pack.queries.map((q) => q.id);
    expect(ids).toEqual(expect.arrayContaining(['summary.period', 'scope.sources', 'evidence.reconciliation']));
    expect(ids.filter((i) => i.startsWith('finding.'))).toHaveLength(6);
    const period = pack.queries.find((q) => q.id === 'summary.period')!;
    expect(period.population.count).toBeGreaterThan(1000);
    expect(period.result_sha256).toMatch(/^[0-9a-f]{64}$/);
    const finding = pack.queries.find((q) => q.id.startsWith('finding.'))!;
    expect(finding.params).toEqual([JSON.stringify([finding.id.slice('finding.'.length)])]);
    expect(finding.sql).toContain('?');
    // Values are bound, never in the text.
    expect(finding.sql).not.toContain(finding.id.slice('finding.'.length));
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.attachments.map((a: { name: string }) => a.name)).toContain('query-pack.json');
    const text = pdfText(file);
    expect(text).toContain('re-performing the figures');
    expect(text).toContain('Reconciliation per source');
    expect(text.includes(finding.result_sha256), 'the finding hash on one line').toBe(true);
  });

  it('the reconciliation balances: records seen = loaded + quarantined for every source', async () => {
    const rows = await core.session
      .requireCase()
      .db.all<{ unaccounted: number }>(
        `SELECT sum(records) - sum(loaded) - sum(quarantined) AS unaccounted FROM evidence_files GROUP BY format`,
      );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.unaccounted).toBe(0);
  });

  it('every query matches on the untouched case', async () => {
    const r = await verify();
    expect(r.reasons).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.reperform!.length).toBeGreaterThan(10);
    expect(r.reperform!.every((o) => o.match)).toBe(true);
  });

  it('one changed event: its finding mismatches, the rest still match, verify fails', async () => {
    const db = core.session.requireCase().db;
    const uid = await db.scalar<string>(
      `SELECT event_uids[1] FROM findings ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, id LIMIT 1`,
    );
    const id = await db.scalar<string>(`SELECT id FROM findings WHERE list_contains(event_uids, ?) LIMIT 1`, [uid]);
    await db.run(`UPDATE events SET src_ip = '203.0.113.99' WHERE event_uid = ?`, [uid]);
    const r = await verify();
    expect(r.valid).toBe(false);
    const bad = r.reperform!.filter((o) => !o.match).map((o) => o.id);
    expect(bad).toContain(`finding.${id}`);
    expect(bad.every((b) => b.startsWith('finding.'))).toBe(true);
    expect(r.reasons.join('\n')).toMatch(new RegExp(`re-performed finding\\.${id}: its rows differ`));
  });

  it('the CLI prints each query and exits 1 on a mismatch', () => {
    core.close();
    const v = trailmark('verify', file, '--case', casePath, '--reperform');
    expect(v.code, v.err).toBe(1);
    expect(v.out).toMatch(/^match {3}\s+summary\.period: 1 rows/m);
    expect(v.out).toMatch(/^MISMATCH\s+finding\./m);
    const needsCase = trailmark('verify', file, '--reperform');
    expect(needsCase.code).not.toBe(0);
    expect(needsCase.err + needsCase.out).toContain('--case');
  });
});

describe('verify checks every embedded file against its hash in the manifest', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an attachment changed after the manifest was written fails, even under a valid signature', async () => {
    dir = await tempDir('trailmark-attach-');
    const core = createCoreService('cli');
    try {
      const built = await core.session.jobs.wait(
        (await core.api.startDemo({ path: path.join(dir, 'a.trailmark'), days: 2, scale: 0.1 })).job,
      );
      expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
      const c = core.session.requireCase();
      await seedFindings(c.db, 2);
      const opts: ReportOptions = {
        paper: 'A4',
        scope: { actor_uids: null, from: null, to: null, confirmed_only: false },
        sections: [...REPORT_SECTIONS],
        investigator: 'Ada Auditor',
        organization: null,
        title: null,
        conclusion: null,
        max_charts: 2,
        excerpts_per_finding: 3,
        signed: true,
      };
      const content = await gatherReport(c, opts);
      const attachments = reportAttachments(content);
      const attached = describeAttachments(attachments);
      const { pdf, pages, sections } = await renderReport(content, attached);
      const manifest = Buffer.from(JSON.stringify(buildManifest(content, attached, pages, sections)));
      // The evidence list swapped for another after the manifest listed its hash, then signed by someone with a key.
      const swapped = attachments.map((a) =>
        a.name === 'evidence-files.csv' ? { ...a, bytes: Buffer.from('evidence_id,path\r\n1,/elsewhere\r\n') } : a,
      );
      const key = createSelfSignedIdentity({ name: 'Mallory' });
      const signed = await finishPdf(
        pdf,
        [
          {
            name: MANIFEST_FILE,
            description: 'm',
            mimeType: 'application/json',
            relationship: 'Supplement',
            bytes: manifest,
          },
          ...swapped,
        ],
        { key, name: 'Mallory', reason: 'r', location: 'l', contact: 'c', at: new Date() },
      );
      const out = path.join(dir, 'swapped.pdf');
      await writeFile(out, signed);
      const r = await core.api.verifyReport({ path: out });
      expect(r.valid).toBe(false);
      expect(r.reasons).toEqual([
        'the attached evidence-files.csv does not match its SHA-256 in the manifest (it was changed)',
      ]);
    } finally {
      core.close();
    }
  });
});
