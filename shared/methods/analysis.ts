import { z } from 'zod';
import { Finding, FindingStatus, SeverityLevel, page } from '../model';
import { JobRef, limit, method, offset } from './define';

export const FindingQuery = z.object({
  actor_uid: z.string().optional(),
  min_severity: SeverityLevel.optional(),
  status: FindingStatus.optional(),
  detector: z.string().optional(),
  offset,
  limit,
});
export type FindingQuery = z.input<typeof FindingQuery>;

/** The analysis methods of the API table (spread into `api` in shared/api.ts). */
export const analysisMethods = {
  startAnalysis: method({
    summary:
      'Learn per-identity baselines and run the detectors, the shipped SigmaHQ rules and Sigma rules from a folder over the open case; returns a job whose result is an AnalysisSummary',
    params: z.object({
      baseline_until: z.string().min(1).optional(), // default: 7 days before the case's last event
      sigma_dir: z.string().min(1).optional(),
      // The SigmaHQ rules that ship with Trailmark run unless this is false.
      default_rules: z.boolean().optional(),
    }),
    result: JobRef,
  }),
  listFindings: method({
    summary: 'A page of findings, strongest first, filtered by identity, minimum severity, status or detector',
    params: FindingQuery,
    result: page(Finding),
  }),
  getFinding: method({ summary: 'One finding', params: z.object({ id: z.string().min(1) }), result: Finding }),
  setFindingStatus: method({
    summary: 'Confirm or dismiss a finding (or set it back to new), with a note; recorded in the custody log',
    params: z.object({ id: z.string().min(1), status: FindingStatus, note: z.string().max(5000).default('') }),
    result: Finding,
  }),
} as const;
