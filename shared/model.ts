import { z } from 'zod';

/** Timestamps cross the API as ISO-8601 strings in UTC. */
const isoTime = z.string();

export const SOURCES = [
  'cloudtrail',
  'k8s_audit',
  'gcp_audit',
  'azure_activity',
  'entra_signin',
  'm365_ual',
  'github_audit',
  'okta',
  'vault_audit',
  'generic',
] as const;
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

export const CATEGORIES = ['human', 'machine', 'unknown'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const Outcome = z.enum(['success', 'failure', 'unknown']);

export const EvidenceFile = z.object({
  evidence_id: z.number(),
  path: z.string(), // the file as the user named it (or the archive holding it)
  member_path: z.string().nullable(), // path inside the archive, null for plain files
  sha256: z.string(),
  size: z.number(),
  format: z.string(),
  records: z.number(),
  loaded: z.number(),
  quarantined: z.number(),
  skipped_reason: z.string().nullable(),
  added_at: isoTime,
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const CustodyStatus = z.object({
  ok: z.boolean(),
  entries: z.number(),
  head: z.string().nullable(), // SHA-256 of the last line
  problem: z.string().nullable(), // first break found, with its line number
});
export type CustodyStatus = z.infer<typeof CustodyStatus>;

export const IngestIssue = z.object({
  evidence_id: z.number().nullable(),
  file: z.string(),
  position: z.string().nullable(),
  reason: z.string(),
  excerpt: z.string().nullable(),
});
export type IngestIssue = z.infer<typeof IngestIssue>;

export const MAX_EVIDENCE_LISTED = 1000;

export const CaseInfo = z.object({
  path: z.string(),
  name: z.string(),
  created_at: isoTime,
  /** Who acts on the case; null until one is named (the OS user is the actor then). */
  investigator: z.object({ name: z.string(), organisation: z.string().nullable() }).nullable(),
  evidence: z.array(EvidenceFile), // the first MAX_EVIDENCE_LISTED files; evidence_total counts them all
  evidence_total: z.number(),
  sources: z.array(z.object({ source: z.string(), events: z.number() })),
  events: z.number(),
  identities: z.object({ human: z.number(), machine: z.number(), unknown: z.number() }),
  time_range: z.object({ from: isoTime.nullable(), to: isoTime.nullable() }),
  custody: CustodyStatus,
  issues: z.object({ count: z.number(), first: z.array(IngestIssue) }),
  gaps: z.lazy(() => LogGapReport), // hours a stream's own pattern says should have events, and has none
  /**
   * The job that brings a case made by an older Trailmark up to date (request targets, lineage), started when it
   * was opened; null when the case needed none. Follow it like any job: analysis, ingest and reports wait for it.
   */
  upgrade_job: z.string().nullable(),
});
export type CaseInfo = z.infer<typeof CaseInfo>;

/** `info --verify-case`: the custody chain against its anchor, and each covered table against its stored digest. */
export const CaseVerification = z.object({
  ok: z.boolean(),
  custody: CustodyStatus,
  tables: z.array(
    z.object({
      table: z.string(),
      ok: z.boolean(),
      rows_recorded: z.number().nullable(),
      rows_found: z.number(),
      note: z.string().nullable(), // why it differs
    }),
  ),
  seconds: z.number(),
});
export type CaseVerification = z.infer<typeof CaseVerification>;

export const Identity = z.object({
  actor_uid: z.string(),
  display_name: z.string(),
  source: z.string(),
  account_uid: z.string().nullable(),
  category: Category,
  kind: z.string(),
  reason: z.string(),
  first_seen: isoTime.nullable(),
  last_seen: isoTime.nullable(),
  event_count: z.number(),
  overridden: z.boolean(),
});
export type Identity = z.infer<typeof Identity>;

export const EventRow = z.object({
  event_uid: z.string(),
  time: isoTime,
  source: z.string(),
  api_operation: z.string().nullable(),
  api_service: z.string().nullable(),
  outcome: Outcome,
  error_code: z.string().nullable(),
  /** What a failed call's record says went wrong (read from the record for the events shown; absent otherwise). */
  error_message: z.string().nullable().optional(),
  src_ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  region: z.string().nullable(),
  account_uid: z.string().nullable(),
  actor_uid: z.string().nullable(),
  actor_name: z.string().nullable(),
  resource_uid: z.string().nullable(),
  /** What the call acted on (users, roles, keys, policies, secrets, objects...), as the record names them. */
  targets: z.array(z.string()).nullable(),
  credential_uid: z.string().nullable(),
  session_uid: z.string().nullable(),
});
export type EventRow = z.infer<typeof EventRow>;

export const EventDetail = EventRow.extend({
  evidence_id: z.number(),
  evidence_path: z.string(),
  member_path: z.string().nullable(),
  position: z.string(),
  raw: z.string(), // the original record, exactly as read (JSON text)
});
export type EventDetail = z.infer<typeof EventDetail>;

export const IngestFileReport = z.object({
  path: z.string(),
  sha256: z.string(),
  format: z.string(),
  records: z.number(),
  loaded: z.number(),
  quarantined: z.number(),
  skipped_reason: z.string().optional(),
});
export type IngestFileReport = z.infer<typeof IngestFileReport>;

export const IngestSummary = z.object({
  case: z.string(),
  files: z.array(IngestFileReport),
  records: z.number(),
  loaded: z.number(),
  quarantined: z.number(),
  identities: z.number(),
});
export type IngestSummary = z.infer<typeof IngestSummary>;

/**
 * What the upgrade of an older case did: events given their targets, failed calls given their error messages,
 * lineage edges built (null: none was due).
 */
export const UpgradeSummary = z.object({
  targets_filled: z.number(),
  error_messages_filled: z.number(),
  lineage_edges: z.number().nullable(),
});
export type UpgradeSummary = z.infer<typeof UpgradeSummary>;

export const JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
/** Every kind of long work the core runs as a job (main/core/jobs/ says which may run together). */
export const JOB_KINDS = ['ingest', 'demo', 'analysis', 'report', 'upgrade'] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;
export const JobProgress = z.object({
  job: z.string(),
  kind: JobKind,
  state: z.enum(JOB_STATES),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['bytes', 'records', 'files', 'steps']),
  message: z.string(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export function page<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number(), offset: z.number() });
}

/** A user-saved mapping for generic JSON lines / CSV logs: which field holds time, actor, action, IP and outcome. */
const fieldName = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !/["\\]/.test(s) && [...s].every((ch) => ch >= ' '), {
    message: 'a field name may not contain quotes, backslashes or control characters',
  });
export const FieldMapping = z.object({
  name: z.string().min(1).max(100),
  kind: z.enum(['json', 'csv']),
  time: fieldName,
  actor: fieldName,
  action: fieldName,
  ip: fieldName.nullable().default(null),
  outcome: fieldName.nullable().default(null),
});
export type FieldMapping = z.output<typeof FieldMapping>;
/** Archive-bomb and size limits of one ingest; anything left out keeps its default (main/core/ingest/limits.ts). */
export const IngestLimitOptions = z.object({
  max_member_bytes: z.number().int().positive().optional(),
  max_total_bytes: z.number().int().positive().optional(),
  max_ratio: z.number().positive().optional(),
  ratio_floor_bytes: z.number().int().min(0).optional(),
  max_depth: z.number().int().min(0).optional(),
  max_members: z.number().int().positive().optional(),
});
export type IngestLimitOptions = z.infer<typeof IngestLimitOptions>;

/** A run of hours with no events in one stream (source / account / region) where its pattern expects some. */
export const LogGap = z.object({
  source: z.string(),
  account_uid: z.string().nullable(),
  region: z.string().nullable(),
  start: isoTime, // first silent hour
  end: isoTime, // end of the last silent hour
  hours: z.number(),
  rule: z.enum(['continuous', 'weekly']),
  reason: z.string(),
});
export type LogGap = z.infer<typeof LogGap>;

export const LogGapReport = z.object({
  streams: z.number(), // streams with enough history to have a pattern
  total: z.number(),
  gaps: z.array(LogGap), // the longest first, at most MAX_GAPS_LISTED
});
export type LogGapReport = z.infer<typeof LogGapReport>;
export const MAX_GAPS_LISTED = 200;

export const DIGEST_PROBLEMS = ['missing', 'altered', 'unlisted', 'chain', 'signature', 'unverifiable'] as const;
export const DigestProblem = z.object({
  kind: z.enum(DIGEST_PROBLEMS),
  file: z.string(), // the S3 key (or the evidence path for unlisted files)
  detail: z.string(),
});
export type DigestProblem = z.infer<typeof DigestProblem>;

/** CloudTrail log file integrity validation, done offline from the digest files in the case. */
export const DigestValidation = z.object({
  ok: z.boolean(),
  digests: z.number(),
  log_files: z.object({ listed: z.number(), valid: z.number(), missing: z.number(), altered: z.number() }),
  unlisted: z.number(),
  chain: z.object({ links: z.number(), broken: z.number() }),
  signatures: z.object({ valid: z.number(), invalid: z.number(), unchecked: z.number() }),
  problems: z.array(DigestProblem),
});
export type DigestValidation = z.infer<typeof DigestValidation>;
/** Who signed a report, read from the certificate. */
export const SignerInfo = z.object({
  name: z.string(),
  organization: z.string().nullable(),
  email: z.string().nullable(),
  issuer: z.string(),
  serial: z.string(),
  not_before: isoTime,
  not_after: isoTime,
  sha256: z.string(), // of the certificate (DER)
  self_signed: z.boolean(),
});
export type SignerInfo = z.infer<typeof SignerInfo>;

export const ReportResult = z.object({
  out: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  pages: z.number(),
  findings: z.number(),
  charts: z.number(),
  signed: z.boolean(),
  signer: SignerInfo.nullable(),
  seconds: z.number(),
});
export type ReportResult = z.infer<typeof ReportResult>;

export const VerifyResult = z.object({
  valid: z.boolean(),
  signer: SignerInfo.nullable(),
  signed_at: isoTime.nullable(),
  reasons: z.array(z.string()),
  file: z.string(),
  sha256: z.string(),
  manifest: z
    .object({
      case: z.object({ name: z.string(), path: z.string() }),
      investigator: z.string(),
      generated_at: isoTime,
      page_count: z.number(),
      evidence: z.number(),
      findings: z.number(),
      custody_head: z.string().nullable(),
      custody_entries: z.number().nullable(),
    })
    .nullable(),
  case_check: z.object({ case: z.string(), custody_ok: z.boolean(), head_in_chain: z.boolean() }).nullable().optional(),
  /** With `--reperform`: each query of the report's query pack, run again on the case. */
  reperform: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        match: z.boolean(),
        rows: z.number(),
        expected_rows: z.number(),
        population: z.number(),
        expected_population: z.number(),
        problem: z.string().nullable(),
      }),
    )
    .nullable()
    .optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const SigningIdentity = SignerInfo.extend({ id: z.string(), protector: z.string() });
export type SigningIdentity = z.infer<typeof SigningIdentity>;
// ---- analysis: findings and runs (detectors + Sigma) ----
export const SEVERITY_LEVELS = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const SeverityLevel = z.enum(SEVERITY_LEVELS);
export type SeverityLevel = z.infer<typeof SeverityLevel>;
export const FINDING_STATUSES = ['new', 'confirmed', 'dismissed'] as const;
export const FindingStatus = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** One finding as the CLI's --json prints it (DESIGN §6) plus its lifecycle. */
export const Finding = z.object({
  id: z.string(),
  detector: z.string(),
  detectors: z.array(z.string()),
  severity: SeverityLevel,
  score: z.number(),
  actor_uid: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  title: z.string(),
  explanation: z.string(),
  event_uids: z.array(z.string()),
  status: FindingStatus,
  status_note: z.string().nullable(),
  run_id: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const AnalysisSummary = z.object({
  kind: z.literal('analysis'),
  run_id: z.string(),
  baseline_until: z.string(),
  baseline_events: z.number(),
  analysed_events: z.number(),
  /** Identities with no event in the analysed window, analysed over their own last 7 days instead. */
  own_window_identities: z.number(),
  /** Why "no findings" may mean too little data rather than nothing found. */
  warnings: z.array(z.string()),
  findings: z.number(),
  by_severity: z.record(z.string(), z.number()),
  kept_decisions: z.number(),
  detectors: z.array(z.object({ name: z.string(), version: z.number(), signals: z.number() })),
  sigma: z
    .object({
      rules: z.number(),
      findings: z.number(),
      unsupported: z.array(z.object({ rule: z.string(), reason: z.string() })),
      /** Rules that compiled but found no event of their logsource (`product/service`) in the case. */
      no_events: z.array(z.object({ logsource: z.string(), rules: z.array(z.string()) })).optional(),
    })
    .nullable(),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummary>;
