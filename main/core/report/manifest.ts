import { createHash } from 'node:crypto';
import type { AttachedFile } from './attachments';
import type { ReportContent } from './content';

export const MANIFEST_FORMAT = 'trailmark-report-manifest/1';
export const MANIFEST_FILE = 'manifest.json';
export const FINDINGS_FILE = 'findings.json';
export const EVIDENCE_FILE = 'evidence-files.csv';
export const CUSTODY_FILE = 'custody-log.jsonl';
export const QUERY_PACK_FILE = 'query-pack.json';

export interface ReportManifest {
  format: typeof MANIFEST_FORMAT;
  generator: { name: 'Trailmark'; version: string };
  generated_at: string;
  case: { name: string; path: string };
  investigator: string;
  organization: string | null;
  paper: string;
  scope: ReportContent['meta']['scope'];
  sections: string[];
  page_count: number;
  evidence: {
    evidence_id: number;
    path: string;
    member_path: string | null;
    sha256: string;
    size: number;
    recheck: string;
  }[];
  findings: { id: string; status: string; severity: string }[];
  findings_json_sha256: string;
  /** Every other embedded file (findings, full evidence list, custody log) with its SHA-256 and size. */
  attachments: AttachedFile[];
  custody: { head: string | null; entries: number; ok: boolean };
}

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The report's inputs, embedded (and so signed) with it: a third party can tie the PDF to the evidence. */
export function buildManifest(
  c: ReportContent,
  attachments: AttachedFile[],
  pages: number,
  sections: string[],
): ReportManifest {
  return {
    format: MANIFEST_FORMAT,
    generator: { name: 'Trailmark', version: c.meta.version },
    generated_at: c.meta.generated_at,
    case: { name: c.meta.case_name, path: c.meta.case_path },
    investigator: c.meta.investigator,
    organization: c.meta.organization,
    paper: c.meta.paper,
    scope: c.meta.scope,
    sections,
    page_count: pages,
    evidence: c.evidence.map((e) => ({
      evidence_id: e.evidence_id,
      path: e.path,
      member_path: e.member_path,
      sha256: e.sha256,
      size: e.size,
      recheck: e.recheck,
    })),
    findings: c.findings.map((f) => ({ id: f.id, status: f.status, severity: f.severity })),
    findings_json_sha256: attachments.find((a) => a.name === FINDINGS_FILE)?.sha256 ?? '',
    attachments,
    custody: { head: c.custody.head, entries: c.custody.entries, ok: c.custody.ok },
  };
}
