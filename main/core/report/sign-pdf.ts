import { AFRelationship, PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { CadesSigner, type KeyMaterial } from './cades-signer';
import { writeXmp } from './pdfa';

export interface Attachment {
  name: string;
  description: string;
  mimeType: string;
  bytes: Buffer;
  /** What the file is to the report (PDF/A-3 asks each embedded file to say): the data its tables were printed
   * from, or a supplement to them. */
  relationship: 'Data' | 'Supplement';
}

export interface SignatureInfo {
  key: KeyMaterial;
  name: string;
  reason: string;
  location: string;
  contact: string;
  at: Date;
}

/** Room for the CMS: the certificate chain plus a 2048–4096-bit signature fit well inside 16 KiB. */
const SIGNATURE_LENGTH = 16_384;

/**
 * Attaches the embedded files (manifest, findings JSON) to the laid-out PDF as PDF/A-3 associated files, writes the
 * XMP metadata (pdfa.ts) and, when a key is given, signs the whole file: a PAdES B-B signature (SubFilter
 * ETSI.CAdES.detached) whose ByteRange covers every byte but the signature itself.
 */
export async function finishPdf(
  pdf: Buffer,
  attachments: Attachment[],
  signature: SignatureInfo | null,
): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  for (const a of attachments) {
    await doc.attach(a.bytes, a.name, {
      mimeType: a.mimeType,
      description: a.description,
      creationDate: signature?.at ?? new Date(),
      modificationDate: signature?.at ?? new Date(),
      afRelationship: AFRelationship[a.relationship],
    });
  }
  writeXmp(doc);
  if (!signature) return Buffer.from(await doc.save({ useObjectStreams: false }));
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: signature.reason,
    contactInfo: signature.contact,
    name: signature.name,
    location: signature.location,
    signingTime: signature.at,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Trailmark',
  });
  const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(unsigned, new CadesSigner(signature.key));
}
