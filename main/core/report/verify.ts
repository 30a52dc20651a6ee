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
import type { ReperformOutcome } from './query-pack';
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
        custody_entries: number | null;
      })
    | null;
  /** With `--case`: whether the report's custody head is in that case's chain, at the position it claims. */
  case_check?: CaseCheck | null;
  /** With `--reperform`: each query of the embedded pack, run again on the case. */
  reperform?: ReperformOutcome[] | null;
}

export interface CaseCheck {
  case: string;
  custody_ok: boolean;
  head_in_chain: boolean;
}

export interface VerifyOptions {
  /** SHA-256 of the certificate the report must be signed with (hex). */
  expectSigner?: string | null;
}

/**
 * The CMS DER in a signature's /Contents, and whether the rest of the hole is exactly what the signer wrote: the
 * DER as lower-case hex, then '0' up to the placeholder's end. The hole is outside the signed ranges, so any other
 * byte there (a changed padding digit, an upper-case letter, a space) would go unseen by the signature.
 */
export function signatureContents(hole: string): { der: Buffer | null; problem: string | null } {
  const hex = /^<([0-9a-f]*)>$/.exec(hole)?.[1];
  if (hex === undefined) return { der: null, problem: 'the signature contents are not a plain lower-case hex string' };
  const bytes = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
  let len = -1;
  if (bytes[0] === 0x30 && bytes.length > 2) {
    const first = bytes[1]!;
    const n = first & 0x7f;
    if (first < 0x80) len = 2 + first;
    else if (n > 0 && n <= 4 && bytes.length > 2 + n) len = 2 + n + bytes.subarray(2, 2 + n).readUIntBE(0, n);
  }
  if (len < 0 || len > bytes.length) return { der: null, problem: 'the signature contents are not a DER structure' };
  if (!/^0*$/.test(hex.slice(len * 2)))
    return {
      der: bytes.subarray(0, len),
      problem: 'the signature contents were changed after signing (bytes after the signature are not zero padding)',
    };
  return { der: bytes.subarray(0, len), problem: null };
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

export async function embeddedFiles(pdf: Buffer): Promise<{ files: Map<string, Buffer>; pages: number }> {
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
export async function verifyReport(file: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
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
  const contents = signatureContents(sig.hole);
  if (contents.problem) reasons.push(contents.problem);
  if (contents.der && c + d <= pdf.length) {
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const cms = checkCms(contents.der, signed, signedAt);
    reasons.push(...cms.reasons);
    result.signer = cms.signer;
  }
  const pin = opts.expectSigner?.toLowerCase();
  if (pin && result.signer?.sha256 !== pin)
    reasons.push(
      `signed with certificate ${result.signer?.sha256 ?? '(none)'}, not the expected ${pin} (a different signer)`,
    );
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
    custody_entries: manifest.custody?.entries ?? null,
  };
  if (manifest.page_count !== pages)
    result.reasons.push(`the manifest lists ${manifest.page_count} pages, the document has ${pages}`);
  checkAttachments(manifest, files, result.reasons);
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

/**
 * Every file the manifest lists must be embedded with the SHA-256 and size it gives, and nothing else may be
 * embedded beside the manifest: a changed, missing or added attachment makes the report not valid.
 */
function checkAttachments(manifest: ReportManifest, files: Map<string, Buffer>, reasons: string[]): void {
  const listed = Array.isArray(manifest.attachments) ? manifest.attachments : [];
  if (!listed.length) reasons.push(`${MANIFEST_FILE} lists no attached files`);
  for (const a of listed) {
    const bytes = files.get(a.name);
    if (!bytes) reasons.push(`the attached ${a.name} that the manifest lists is missing`);
    else if (sha256Hex(bytes) !== a.sha256 || bytes.length !== a.bytes)
      reasons.push(`the attached ${a.name} does not match its SHA-256 in the manifest (it was changed)`);
  }
  const names = new Set(listed.map((a) => a.name));
  for (const name of files.keys())
    if (name !== MANIFEST_FILE && !names.has(name))
      reasons.push(`the attached ${name} is not listed in the manifest (it was added)`);
}
