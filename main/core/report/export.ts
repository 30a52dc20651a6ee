import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import type { ReportResult } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import type { JobContext } from '../jobs/job-runner';
import type { KeyMaterial } from './cades-signer';
import type { ReportOptions } from './content';
import { gatherReport } from './gather';
import { describeAttachments, reportAttachments } from './attachments';
import { buildManifest, MANIFEST_FILE, sha256Hex } from './manifest';
import { renderReport } from './render';
import { finishPdf } from './sign-pdf';
import { describeCertificate } from './signing-identity';
import { certDer } from './cades-signer';

const STEPS = 5;

/** Gathers, lays out, attaches the manifest and findings, signs, writes the PDF and logs its hash in custody. */
export async function exportReport(
  c: CaseFile,
  opts: ReportOptions,
  out: string,
  key: KeyMaterial | null,
  ctx: JobContext,
): Promise<ReportResult> {
  const started = Date.now();
  const target = path.resolve(out);
  if (!target.toLowerCase().endsWith('.pdf'))
    throw new TrailmarkError('bad_request', `${out}: the report file name must end in .pdf`, { path: out });
  const check = () => {
    if (ctx.signal.aborted) throw new TrailmarkError('cancelled', 'report cancelled');
  };
  ctx.progress({ phase: 'reading the case', unit: 'steps', done: 0, total: STEPS });
  const content = await gatherReport(c, opts, ctx.signal);
  check();
  const attachments = reportAttachments(content);
  const attached = describeAttachments(attachments);
  ctx.progress({ phase: 'laying out', done: 1 });
  const { pdf, pages, sections } = await renderReport(
    content,
    attached,
    (s) => ctx.progress({ message: s }),
    ctx.signal,
  );
  check();
  ctx.progress({ phase: key ? 'signing' : 'attaching', done: 3 });
  const manifest = Buffer.from(JSON.stringify(buildManifest(content, attached, pages, sections), null, 2) + '\n');
  const at = new Date();
  const signer = key ? describeCertificate(key.certs[0]!, sha256Hex(certDer(key.certs[0]!))) : null;
  const bytes = await finishPdf(
    pdf,
    [
      {
        name: MANIFEST_FILE,
        description: 'Trailmark report manifest (inputs)',
        mimeType: 'application/json',
        relationship: 'Supplement',
        bytes: manifest,
      },
      ...attachments,
    ],
    key && signer
      ? {
          key,
          name: signer.name,
          reason: `Trailmark audit report for case ${content.meta.case_name}`,
          location: content.meta.organization ?? 'Trailmark',
          contact: signer.email ?? signer.name,
          at,
        }
      : null,
  );
  check();
  ctx.progress({ phase: 'writing', done: 4 });
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.partial`;
  await writeFile(tmp, bytes);
  const sha256 = sha256Hex(bytes);
  // Recorded before the report takes its name: a crash between the two leaves an entry and a .partial file,
  // never a report that custody does not list.
  await c.custody.append('report.exported', {
    file: target,
    sha256,
    pages,
    signed: key !== null,
    signer: signer?.name ?? null,
    scope: opts.scope,
  });
  await rename(tmp, target);
  ctx.progress({ phase: 'done', done: STEPS });
  return {
    out: target,
    sha256,
    bytes: bytes.length,
    pages,
    findings: content.findings.length,
    charts: content.findings.filter((f) => f.chart).length,
    signed: key !== null,
    signer,
    seconds: (Date.now() - started) / 1000,
  };
}
