/**
 * The files embedded in a report beside its body: what the body summarises, in full. Each is listed in the signed
 * manifest with its SHA-256, so a reader can tie the short printed report to the complete record.
 */
import type { ReportContent } from './content';
import { CUSTODY_FILE, EVIDENCE_FILE, FINDINGS_FILE, QUERY_PACK_FILE, sha256Hex } from './manifest';
import { findingsJson } from './sections-findings';
import type { Attachment } from './sign-pdf';

const EVIDENCE_COLUMNS = [
  'evidence_id',
  'path',
  'member_path',
  'sha256',
  'size',
  'format',
  'records',
  'loaded',
  'quarantined',
  'skipped_reason',
  'recheck',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every evidence row with its re-check outcome, one CSV line each, in evidence_id order. */
export function evidenceCsv(rows: ReportContent['evidence']): Buffer {
  const lines = [EVIDENCE_COLUMNS.join(',')];
  for (const r of rows) lines.push(EVIDENCE_COLUMNS.map((k) => csvField(r[k])).join(','));
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

/** The attachments of a report, in the order they are embedded; the manifest is added after, and lists these. */
export function reportAttachments(c: ReportContent): Attachment[] {
  return [
    {
      name: FINDINGS_FILE,
      description: 'Findings, machine-readable',
      mimeType: 'application/json',
      relationship: 'Data',
      bytes: Buffer.from(JSON.stringify(findingsJson(c.findings), null, 2) + '\n'),
    },
    {
      name: EVIDENCE_FILE,
      description: 'Every evidence file of the case with its SHA-256, size, records and re-check outcome',
      mimeType: 'text/csv',
      relationship: 'Data',
      bytes: evidenceCsv(c.evidence),
    },
    {
      name: CUSTODY_FILE,
      description: 'The case custody log as it stood on disk (hash-chained JSON lines)',
      mimeType: 'application/jsonl',
      relationship: 'Data',
      bytes: Buffer.from(c.custody.raw, 'utf8'),
    },
    {
      name: QUERY_PACK_FILE,
      description:
        'Every query the report was printed from: SQL, bound parameters, population and its count, SHA-256 of the rows',
      mimeType: 'application/json',
      relationship: 'Supplement',
      bytes: Buffer.from(JSON.stringify(c.pack, null, 2) + '\n'),
    },
  ];
}

/** What the body and the manifest say of an attachment. */
export interface AttachedFile {
  name: string;
  description: string;
  sha256: string;
  bytes: number;
}

export const describeAttachments = (list: Attachment[]): AttachedFile[] =>
  list.map((a) => ({ name: a.name, description: a.description, sha256: sha256Hex(a.bytes), bytes: a.bytes.length }));
