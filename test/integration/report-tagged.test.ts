// The signed report as a tagged PDF and a PDF/A-3b file: structure tree and reading order (poppler and pdf-lib),
// alt text on every chart, nothing painted untagged, the archival parts, and the signature still sound.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PDFRawStream } from 'pdf-lib';
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultOf } from '../../shared/jobs';
import { ReportResult } from '../../shared/model';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { ReportPdf } from '../../main/core/report/pdf-layout';
import { createSelfSignedIdentity, toPkcs12 } from '../../main/core/report/signing-identity';
import { tempDir } from '../helpers/paths';
import { seedFindings } from './report-case';
import { pdfsig, poppler, trailmark } from './report-poppler';
import { pageMarking, parentTreeEntries, structureTree } from './report-structure';

// "&" and "<" in the author: the XMP packet must escape them and still say the same as the info dictionary.
const INVESTIGATOR = 'Zoë <Ångström> & Co';

describe('a tagged, archival (PDF/A-3b) signed report', () => {
  let core: CoreService;
  let dir: string;
  let casePath: string;
  let file: string;
  let short: string;
  let result: ReportResult;
  let doc: PDFDocument;

  beforeAll(async () => {
    dir = await tempDir('trailmark-tagged-');
    casePath = path.join(dir, 't.trailmark');
    core = createCoreService('cli');
    const built = await core.session.jobs.wait((await core.api.startDemo({ path: casePath, days: 4, scale: 0.2 })).job);
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
    await seedFindings(core.session.requireCase().db, 8);
    const p12 = path.join(dir, 'inv.p12');
    await writeFile(p12, toPkcs12(createSelfSignedIdentity({ name: 'Zoë Ångström' }), 'pw'));
    file = path.join(dir, 'tagged.pdf');
    const end = await core.session.jobs.wait(
      (
        await core.api.startReport({
          out: file,
          investigator: INVESTIGATOR,
          sign: { kind: 'p12', path: p12, passphrase: 'pw' },
        })
      ).job,
    );
    expect(end.state, end.error?.message).toBe('done');
    result = ReportResult.parse(end.result);
    short = path.join(dir, 'short.pdf');
    const brief = await core.session.jobs.wait(
      (
        await core.api.startReport({
          out: short,
          investigator: INVESTIGATOR,
          sections: ['summary', 'findings'],
          confirmed_only: true,
        })
      ).job,
    );
    expect(brief.state, brief.error?.message).toBe('done');
    doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  });
  afterAll(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is tagged, in English, and shows its title in the title bar', () => {
    const info = poppler('pdfinfo', file);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Audit report: t$/m);
    const cat = doc.catalog;
    expect(cat.lookup(PDFName.of('Lang'))?.toString()).toBe('(en)');
    expect(cat.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))).toBe(PDFBool.True);
    const prefs = cat.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(prefs.get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
  });

  it('reads in order: the cover heading, the contents, the summary, then a finding with its chart', () => {
    // pdfinfo -struct-text extracts each element's text separately, which takes poppler minutes on a whole
    // report: it reads a short one of the same case (summary and confirmed findings).
    const lines = poppler('pdfinfo', '-struct-text', short).split('\n');
    const at = (re: RegExp, from = 0) => {
      const i = lines.findIndex((l, k) => k >= from && re.test(l));
      expect(i, `${re} after line ${from}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const heading = (level: string, title: RegExp, from: number) => {
      const i = lines.findIndex(
        (l, k) => k >= from && new RegExp(`^\\s*${level}\\b`).test(l) && title.test(lines[k + 1] ?? ''),
      );
      expect(i, `${level} ${title} after line ${from}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const cover = heading('H1', /"Audit report: t"/, 0);
    const contents = heading('H1', /"Contents"/, cover);
    at(/^\s*TOC\b/, contents);
    const summary = heading('H1', /"Executive summary"/, contents);
    const findings = heading('H1', /"Findings"/, summary);
    const finding = heading('H3', /"1\. Unusual activity by /, findings);
    const figure = at(/^\s*Figure\b/, finding);
    const next = lines.findIndex((l, k) => k > finding && /^\s*H[123]\b/.test(l));
    expect(next < 0 || figure < next, 'the first finding holds its own chart').toBe(true);
  });

  it('gives every chart alt text that says what it shows', () => {
    const tree = structureTree(doc);
    expect(tree[0]).toMatchObject({ type: 'Document', depth: 0 });
    const figures = tree.filter((n) => n.type === 'Figure');
    expect(result.charts).toBeGreaterThan(0);
    // As many figures as the report drew charts: a chart drawn outside a Figure would leave one short.
    expect(figures.length).toBe(result.charts);
    for (const f of figures) {
      expect(f.alt, 'alt text').toMatch(/^Bar chart of the activity of .+ from \d{4}-\d\d-\d\d \d\d:\d\d to /);
      expect(f.alt).toMatch(/\d+ events?, \d+ failures?/);
      expect(f.alt).toMatch(/evidence events? of the finding marked/);
    }
    for (const h of ['H1', 'H2', 'H3', 'P', 'L', 'LI', 'Table', 'TR', 'TH', 'TD', 'TOC', 'TOCI', 'Sect'])
      expect(
        tree.some((n) => n.type === h),
        h,
      ).toBe(true);
  });

  it('paints nothing untagged, and every marked sequence is in the parent tree', () => {
    let mcids = 0;
    for (let p = 0; p < doc.getPageCount(); p++) {
      const { unmarked, mcids: marked } = pageMarking(doc, p);
      expect(unmarked, `page ${p + 1}: painted outside any tag or artifact`).toEqual([]);
      const parents = parentTreeEntries(doc, p);
      for (const m of marked) expect(parents[m], `page ${p + 1} MCID ${m}`).toBeInstanceOf(PDFRef);
      mcids += marked.length;
    }
    expect(mcids).toBeGreaterThan(100);
  });

  it('claims PDF/A-3b in XMP that agrees with the info dictionary, with what the claim needs', () => {
    const meta = doc.catalog.lookup(PDFName.of('Metadata'), PDFStream) as PDFRawStream;
    expect(meta.dict.get(PDFName.of('Filter'))).toBeUndefined();
    const xmp = Buffer.from(decodePDFRawStream(meta).decode()).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<rdf:li>Zoë &lt;Ångström&gt; &amp; Co</rdf:li>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Audit report: t</rdf:li>');
    expect(doc.getAuthor()).toBe(INVESTIGATOR);
    const created = doc
      .getCreationDate()!
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    expect(xmp).toContain(`<xmp:CreateDate>${created}</xmp:CreateDate>`);
    expect(xmp).toContain(`<pdf:Producer>${doc.getProducer()}</pdf:Producer>`);
    // Nothing but well-formed markup: every tag opened is closed, in order.
    const stack: string[] = [];
    for (const [, close, name, self] of xmp.matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g))
      if (close) expect(stack.pop()).toBe(name);
      else if (!self) stack.push(name!);
    expect(stack).toEqual([]);

    expect(doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).size()).toBe(1);
    expect(poppler('pdfinfo', file)).toMatch(/^PDF version:\s+1\.7$/m);
    expect(doc.context.trailerInfo.ID).toBeDefined();
    const fonts = poppler('pdffonts', file).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const r of fonts) expect(r, 'embedded TrueType').toMatch(/^\w{6}\+DejaVu\S* +CID TrueType .* yes yes yes /);

    const af = doc.catalog.lookup(PDFName.of('AF'), PDFArray).asArray().map(String);
    const names = doc.catalog
      .lookup(PDFName.of('Names'), PDFDict)
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray);
    expect(names.size() / 2).toBe(5);
    for (let i = 1; i < names.size(); i += 2) {
      const ref = names.get(i) as PDFRef;
      const spec = doc.context.lookup(ref, PDFDict);
      expect(af).toContain(ref.toString());
      expect(['/Data', '/Supplement']).toContain(spec.get(PDFName.of('AFRelationship'))?.toString());
      const ef = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'), PDFStream);
      expect(ef.dict.get(PDFName.of('Subtype'))?.toString()).toMatch(/^\/(application|text)#2F/);
      expect(spec.get(PDFName.of('UF'))).toBeDefined();
    }
  });

  it('still verifies: pdfsig, trailmark verify, and the re-performed queries', () => {
    expect(pdfsig(file)).toContain('Signature is Valid');
    core.close();
    const v = trailmark('verify', file, '--case', casePath, '--reperform');
    expect(v.code, v.err + v.out).toBe(0);
    expect(v.out).not.toMatch(/^MISMATCH/m);
  });
});

describe('a chart without alt text', () => {
  it('is refused', async () => {
    const pdf = new ReportPdf('A4', { title: 't', author: 'a', subject: 's' }, 'footer');
    const draw = () => pdf.doc.rect(60, 60, 10, 10).fill('#3e7cb1');
    expect(() => pdf.figure('  ', { x: 54, y: 56, width: 100, height: 40 }, draw)).toThrow(/alt text/);
    pdf.figure('A square', { x: 54, y: 56, width: 100, height: 40 }, draw);
    await pdf.finish();
  });
});
