// The demo attack case's reports as a reader gets them: pages rendered with poppler and checked where they fall.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportResult } from '../../shared/model';
import { resultOf } from '../../shared/jobs';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { tempDir } from '../helpers/paths';
import { pageCount, poppler } from './report-poppler';

const INVESTIGATOR = 'Ada Lovelace';
const ORG = 'Analytical Audits Ltd';

/** One page's text, as pdftotext reads it (reading order, line breaks kept). */
const pageText = (file: string, page: number) =>
  poppler('pdftotext', '-f', String(page), '-l', String(page), file, '-');

/** The page the table of contents gives for a heading. */
function tocPage(file: string, heading: string): number {
  const toc = pageText(file, 2).replace(/\s+/g, ' ');
  const m = new RegExp(`${heading.replace(/[()]/g, '\\$&')} (\\d+)`).exec(toc);
  if (!m) throw new Error(`no "${heading}" in the contents: ${toc}`);
  return Number(m[1]);
}

/** A page rendered to pixels (PPM from pdftoppm), and how many are within `tol` of a colour. */
async function pixelsOf(file: string, page: number, dir: string, rgb: [number, number, number], tol = 24) {
  const base = path.join(dir, `p${page}`);
  poppler('pdftoppm', '-r', '40', '-f', String(page), '-l', String(page), '-singlefile', file, base);
  const ppm = await readFile(`${base}.ppm`);
  // Header: "P6\n<w> <h>\n255\n", then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const data = ppm.subarray(header[0].length);
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += 3)
    if (Math.abs(data[i]! - rgb[0]) + Math.abs(data[i + 1]! - rgb[1]) + Math.abs(data[i + 2]! - rgb[2]) <= tol) n++;
  return { n, width: Number(header[1]), height: Number(header[2]) };
}

describe('the demo attack case report, page by page (poppler)', () => {
  let core: CoreService;
  let dir: string;
  let whole: string;
  let one: string;
  const result: Record<string, ReportResult> = {};
  let words: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('trailmark-pages-');
    core = createCoreService('cli');
    const built = await core.session.jobs.wait(
      (await core.api.startDemo({ path: path.join(dir, 'attacks.trailmark'), attacks: true })).job,
    );
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
    await core.api.setInvestigator({ name: INVESTIGATOR, organisation: ORG });
    const analysis = await core.session.jobs.wait((await core.api.startAnalysis({})).job);
    expect(analysis.state, analysis.error?.message).toBe('done');
    const top = (await core.api.listFindings({ limit: 1 })).rows[0]!;
    await core.api.setFindingStatus({ id: top.id, status: 'confirmed', note: 'checked with the platform team' });
    whole = path.join(dir, 'whole.pdf');
    one = path.join(dir, 'one.pdf');
    const scopes: [string, { actor_uids?: string[]; confirmed_only?: boolean }][] = [
      [whole, {}],
      [one, { actor_uids: [top.actor_uid!], confirmed_only: true }],
    ];
    for (const [file, scope] of scopes) {
      const end = await core.session.jobs.wait(
        (await core.api.startReport({ out: file, investigator: INVESTIGATOR, organization: ORG, ...scope })).job,
      );
      expect(end.state, end.error?.message).toBe('done');
      result[file] = ReportResult.parse(end.result);
    }
    // Words that must never be cut: the operations and the dot-separated parts of the services findings cite.
    const rows = await core.session.requireCase().db.all<{ w: string }>(
      `SELECT DISTINCT unnest(string_split(coalesce(e.api_service, '') || '.' || coalesce(e.api_operation, ''), '.')) AS w
         FROM findings f, unnest(f.event_uids) AS u(uid) JOIN events e ON e.event_uid = u.uid`,
    );
    words = rows.map((r) => r.w).filter((w) => /^[A-Za-z]{6,}$/.test(w));
  }, 600_000);
  afterAll(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has the page counts it reports, within the reading targets (whole case < 60, one finding < 15)', () => {
    expect(pageCount(whole)).toBe(result[whole]!.pages);
    expect(pageCount(one)).toBe(result[one]!.pages);
    expect(result[whole]!.pages).toBeLessThan(60);
    expect(result[one]!.pages).toBeLessThan(15);
    console.log(
      `demo attack case: whole case ${result[whole]!.pages} pages (${result[whole]!.bytes} bytes), ` +
        `one finding ${result[one]!.pages} pages (${result[one]!.bytes} bytes)`,
    );
  });

  it('page 1 is the cover, naming the case, the investigator and the organisation', () => {
    const t = pageText(whole, 1);
    expect(t).toMatch(/T\s*R\s*A\s*I\s*L\s*M\s*A\s*R\s*K/);
    expect(t).toContain(INVESTIGATOR);
    expect(t).toContain(ORG);
    expect(t).toContain('Period examined');
    expect(pageText(whole, 2)).toContain('Contents');
  });

  it('the summary is where the contents say, with the narrative and the figures', () => {
    const p = tocPage(whole, 'Executive summary');
    expect(p).toBe(3);
    const t = pageText(whole, p);
    expect(t).toContain('What the findings show');
    expect(t).toContain('Confirmed by the investigator');
    expect(t).toContain('In figures');
  });

  it('the first finding is on the findings page with its chart drawn (bars, shaded span, evidence marks)', async () => {
    const p = tocPage(whole, 'Findings');
    const t = pageText(whole, p);
    expect(t).toContain('1.');
    expect(t).toContain('finding span shaded');
    const bars = await pixelsOf(whole, p, dir, [0x3e, 0x7c, 0xb1]);
    const span = await pixelsOf(whole, p, dir, [0xfb, 0xd7, 0xa1]);
    expect(bars.n, 'bar pixels').toBeGreaterThan(50);
    expect(span.n, 'shaded span pixels').toBeGreaterThan(20);
  });

  it('the evidence summary and the custody summary are on their pages, custody crediting the investigator', () => {
    const e = pageText(whole, tocPage(whole, 'Evidence'));
    expect(e).toContain('All evidence, by format');
    expect(e).toContain('SHA-256 of the list');
    const custodyAt = tocPage(whole, 'Custody log');
    const c = [0, 1, 2].map((i) => pageText(whole, custodyAt + i)).join('\n');
    expect(c).toContain('Entries by action');
    expect(c).toContain(INVESTIGATOR);
  });

  it('pdftotext finds no cited operation or service name broken across a line', () => {
    expect(words.length).toBeGreaterThan(5);
    for (const file of [whole, one]) {
      const text = poppler('pdftotext', file, '-');
      const spaced = text.replace(/\s+/g, ' ');
      const joined = text.replace(/-?\n/g, '');
      for (const w of words) {
        const count = (s: string) => s.split(w).length - 1;
        expect(count(joined), `"${w}" broken in ${path.basename(file)}`).toBe(count(spaced));
      }
    }
  });
});
