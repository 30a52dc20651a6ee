import { TrailmarkError } from '../../../shared/errors';
import type { AttachedFile } from './attachments';
import type { ReportContent } from './content';
import { ReportPdf } from './pdf-layout';
import {
  drawCover,
  drawEvidence,
  drawIdentities,
  drawIntegrity,
  drawMethod,
  drawScope,
  drawSummary,
} from './sections-case';
import { drawAnnotations, drawAppendix, drawCustody, drawFindings } from './sections-findings';

/** Lays the report out with pdfkit: cover, contents, the chosen sections, footers with page numbers. */
export async function renderReport(
  c: ReportContent,
  attached: AttachedFile[],
  onSection?: (title: string) => void,
  signal?: AbortSignal,
): Promise<{ pdf: Buffer; pages: number; sections: string[] }> {
  const m = c.meta;
  const pdf = new ReportPdf(
    m.paper,
    { title: m.title, author: m.investigator, subject: `Trailmark audit report for case ${m.case_name}` },
    `${m.title} · ${m.investigator}${m.organization ? `, ${m.organization}` : ''} · generated ${m.generated_at.slice(0, 10)}`,
  );
  drawCover(pdf, c);
  pdf.reserveContents();
  const want = new Set(m.sections);
  const steps: [string, () => void][] = [
    ['summary', () => drawSummary(pdf, c)],
    ['scope', () => drawScope(pdf, c)],
    ['evidence', () => drawEvidence(pdf, c, attached)],
    ['integrity', () => drawIntegrity(pdf, c)],
    ['method', () => drawMethod(pdf, c)],
    ['identities', () => drawIdentities(pdf, c)],
    ['findings', () => drawFindings(pdf, c)],
    ['annotations', () => drawAnnotations(pdf, c)],
    ['custody', () => drawCustody(pdf, c, attached)],
    ['appendix', () => drawAppendix(pdf, c, attached, want.has('findings'))],
  ];
  for (const [id, draw] of steps) {
    if (!want.has(id as never)) continue;
    // Layout is synchronous: between sections, let progress events, other calls and a cancel through.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new TrailmarkError('cancelled', 'report cancelled');
    onSection?.(id);
    draw();
  }
  const { pdf: bytes, pages } = await pdf.finish();
  return { pdf: bytes, pages, sections: pdf.toc.filter((t) => t.level === 0).map((t) => t.title) };
}
