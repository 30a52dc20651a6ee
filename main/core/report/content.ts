import type { LineageLink } from '../../../shared/methods/lineage';
/** What a report holds, gathered from the case before any layout: the PDF and the manifest are drawn from this. */

import { REPORT_SECTIONS } from '../../../shared/methods/report';
import { SEVERITIES } from '../case/finding-draft';
import type { QueryPack } from './query-pack';

/** 0 for critical, 4 for info, 5 for anything else: most severe first. */
export const severityRank = (s: string) => {
  const i = SEVERITIES.indexOf(s as never);
  return i < 0 ? SEVERITIES.length : SEVERITIES.length - 1 - i;
};

export const SECTION_IDS = REPORT_SECTIONS;
export type SectionId = (typeof SECTION_IDS)[number];

export interface ReportScope {
  actor_uids: string[] | null; // null: every identity
  from: string | null;
  to: string | null;
  confirmed_only: boolean;
}

export interface ReportOptions {
  paper: 'A4' | 'Letter';
  scope: ReportScope;
  sections: SectionId[];
  investigator: string;
  organization: string | null;
  title: string | null;
  conclusion: string | null;
  max_charts: number;
  excerpts_per_finding: number;
  signed: boolean; // what the cover says; the signature itself is added after layout
}

export type Cell = string | number | boolean | null;

export interface EvidenceRow {
  evidence_id: number;
  path: string;
  member_path: string | null;
  sha256: string;
  size: number;
  format: string;
  records: number;
  loaded: number;
  quarantined: number;
  skipped_reason: string | null;
  recheck: 'match' | 'changed' | 'unreachable' | 'via archive' | 'not hashed';
}

export interface ExcerptEvent {
  time: string;
  operation: string | null;
  service: string | null;
  ip: string | null;
  outcome: string;
}

export interface ChartData {
  from: string;
  to: string;
  buckets: { n: number; failures: number }[];
  mark_from: string | null;
  mark_to: string | null;
  /** The finding's own evidence events per bucket, marked under the bars. */
  evidence: number[];
}

export interface FindingItem {
  id: string;
  detector: string;
  severity: string;
  score: number;
  actor_uid: string | null;
  actor_name: string | null;
  start: string | null;
  end: string | null;
  title: string;
  explanation: string;
  event_uids: string[];
  status: string;
  status_note: string | null;
  created_at: string;
  excerpts: ExcerptEvent[];
  chart: ChartData | null;
  /** The identity's credential chain: who obtained its credentials and what it issued or created (two hops). */
  lineage: LineageLink[];
}

/** One analysis run as the method section prints it: its settings and its detectors as rows, not JSON. */
export interface AnalysisRun {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  baseline_until: string | null;
  findings: number;
  parameters: [string, string][];
  detectors: { name: string; version: string; signals: string }[];
}

export interface GenericTable {
  name: string;
  columns: string[];
  rows: Cell[][];
  total: number;
}

export interface ReportContent {
  meta: {
    case_name: string;
    case_path: string;
    title: string;
    investigator: string;
    organization: string | null;
    generated_at: string;
    version: string;
    period: { from: string | null; to: string | null };
    paper: 'A4' | 'Letter';
    scope: ReportScope;
    sections: SectionId[];
    signed: boolean;
  };
  /** The investigator's conclusion as entered, or null. */
  conclusion: string | null;
  summary: {
    /** Plain-language paragraphs built from the findings: what happened, who, when, from where, to what. */
    narrative: string[];
    events: number;
    evidence_files: number;
    identities: { human: number; machine: number; unknown: number };
    findings: { status: string; count: number }[];
    severities: { severity: string; count: number }[];
  };
  scope: {
    sources: { source: string; events: number }[];
    accounts: { account_uid: string; events: number }[];
    identities_in_scope: number;
  };
  /** Every evidence row: attached in full (evidence-files.csv) and listed in the manifest. */
  evidence: EvidenceRow[];
  /** The evidence rows that hold an event a finding in scope cites: the only rows the body lists one by one. */
  evidence_cited: EvidenceRow[];
  /** The rest summarised per format (files, records, bytes), so the body stays short on a case of any size. */
  evidence_by_format: {
    format: string;
    files: number;
    records: number;
    loaded: number;
    quarantined: number;
    bytes: number;
  }[];
  /** Per source format: records seen, loaded, quarantined, what is left unaccounted, and the events the case holds. */
  reconciliation: {
    source: string;
    files: number;
    seen: number;
    loaded: number;
    quarantined: number;
    unaccounted: number;
    events_in_case: number;
  }[];
  rehash: { checked: number; match: number; changed: number; unreachable: number };
  integrity: GenericTable[];
  method: { detectors: GenericTable; analysis: AnalysisRun[]; runs: GenericTable[] };
  identities: Cell[][];
  findings: FindingItem[];
  annotations: Cell[][];
  custody: {
    ok: boolean;
    entries: number;
    head: string | null;
    problem: string | null;
    /** The latest entries, for the body; the whole log is attached as it is on disk. */
    rows: Cell[][];
    by_action: { action: string; entries: number; first: string; last: string }[];
    raw: string;
  };
  /** Every query the tables above were printed from, re-performable (embedded as query-pack.json). */
  pack: QueryPack;
}
