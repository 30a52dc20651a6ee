import { readFile } from 'node:fs/promises';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFString,
  PDFHexString,
} from 'pdf-lib';
import { TrailmarkError } from '../../../shared/errors';
import { FINDINGS_FILE, MANIFEST_FILE, MANIFEST_FORMAT, sha256Hex, type ReportManifest } from './manifest';
import type { SignerDescription } from './signing-identity';
import { checkCms } from './verify-cms';

export interface VerifyResult {
  valid: boolean;
  signer: SignerDescription | null;
  signed_at: string | null;
  reasons: string[];
  file: string;
  sha256: string;
  manifest:
    | (Pick<ReportManifest, 'case' | 'investigator' | 'generated_at' | 'page_count'> & {
        evidence: number;
        findings: number;
        custody_head: string | null;
      })
    | null;
}

/** "D:20260124103000Z" or "D:20260124103000+01'00'" → Date. */
function pdfDate(s: string | undefined): Date | null {
  const m = /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s ?? '');
  if (!m) return null;
  const tz = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The last signature dictionary in the file: its ByteRange, its Contents (hex) and its other keys as text. */
function findSignature(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = all[all.length - 1];
  if (!last) return null;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const dictStart = text.lastIndexOf('<<', last.index);
  const dictEnd = text.indexOf('>>', Math.max(c, last.index));
  const dict = text.slice(Math.max(0, dictStart - 200), dictEnd + 2);
  return { range: [a, b, c, d] as const, count: all.length, dict, hole: text.slice(a + b, c) };
}

async function embeddedFiles(pdf: Buffer): Promise<{ files: Map<string, Buffer>; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const files = new Map<string, Buffer>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = tree?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; list && i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const spec = list.lookupMaybe(i + 1, PDFDict);
    const stream = spec?.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) continue;
    const key = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : String(name);
    files.set(key, Buffer.from(decodePDFRawStream(stream).decode()));
  }
  return { files, pages: doc.getPageCount() };
}

/**
 * Verifies a signed Trailmark report: the signature (CMS over the ByteRange), that the range covers the whole
 * file, the certificate, and the embedded manifest against the document (findings file hash, page count, ids).
 */
export async function verifyReport(file: string): Promise<VerifyResult> {
  const pdf = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new TrailmarkError('not_found', `${file}: cannot read it (${err.code ?? err.message})`, { path: file });
  });
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new TrailmarkError('bad_input', `${file}: not a PDF file`, { path: file });
  const reasons: string[] = [];
  const result: VerifyResult = {
    valid: false,
    signer: null,
    signed_at: null,
    reasons,
    file,
    sha256: sha256Hex(pdf),
    manifest: null,
  };
  const sig = findSignature(pdf);
  if (!sig) {
    reasons.push('the PDF is not signed (no signature dictionary with a ByteRange)');
    return result;
  }
  const [a, b, c, d] = sig.range;
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) reasons.push('the signature ByteRange is malformed');
  else if (c + d < pdf.length)
    reasons.push(
      `${pdf.length - (c + d)} bytes were added after the signed part of the file (an incremental update or appended data)`,
    );
  if (sig.count > 1) reasons.push(`the file holds ${sig.count} signatures; a Trailmark report holds one`);
  if (!/\/SubFilter\s*\/ETSI\.CAdES\.detached/.test(sig.dict))
    reasons.push('the signature is not a PAdES signature (SubFilter is not ETSI.CAdES.detached)');
  const signedAt = pdfDate(/\/M\s*\((D:[^)]*)\)/.exec(sig.dict)?.[1]);
  result.signed_at = signedAt?.toISOString() ?? null;
  const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(sig.hole.trim())?.[1]?.replace(/\s/g, '');
  if (!hex) reasons.push('the signature contents are not a hex string');
  else if (c + d <= pdf.length) {
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const cms = checkCms(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex'), signed, signedAt);
    reasons.push(...cms.reasons);
    result.signer = cms.signer;
  }
  await checkManifest(pdf, result).catch((err: Error) =>
    reasons.push(`the embedded files cannot be read (${err.message})`),
  );
  result.valid = reasons.length === 0;
  return result;
}

async function checkManifest(pdf: Buffer, result: VerifyResult): Promise<void> {
  const { files, pages } = await embeddedFiles(pdf);
  const m = files.get(MANIFEST_FILE);
  if (!m) return void result.reasons.push(`no embedded ${MANIFEST_FILE}`);
  let manifest: ReportManifest;
  try {
    manifest = JSON.parse(m.toString('utf8')) as ReportManifest;
  } catch {
    return void result.reasons.push(`the embedded ${MANIFEST_FILE} is not valid JSON`);
  }
  if (manifest.format !== MANIFEST_FORMAT) result.reasons.push(`${MANIFEST_FILE} is not a ${MANIFEST_FORMAT}`);
  result.manifest = {
    case: manifest.case,
    investigator: manifest.investigator,
    generated_at: manifest.generated_at,
    page_count: manifest.page_count,
    evidence: manifest.evidence?.length ?? 0,
    findings: manifest.findings?.length ?? 0,
    custody_head: manifest.custody?.head ?? null,
  };
  if (manifest.page_count !== pages)
    result.reasons.push(`the manifest lists ${manifest.page_count} pages, the document has ${pages}`);
  const findings = files.get(FINDINGS_FILE);
  if (!findings) return void result.reasons.push(`no embedded ${FINDINGS_FILE}`);
  if (sha256Hex(findings) !== manifest.findings_json_sha256)
    result.reasons.push(`the embedded ${FINDINGS_FILE} does not match the hash in the manifest`);
  try {
    const ids = (JSON.parse(findings.toString('utf8')) as { id: string }[]).map((f) => f.id).join('\n');
    if (ids !== (manifest.findings ?? []).map((f) => f.id).join('\n'))
      result.reasons.push(`the findings in ${FINDINGS_FILE} are not the ones the manifest lists`);
  } catch {
    result.reasons.push(`the embedded ${FINDINGS_FILE} is not valid JSON`);
  }
}
