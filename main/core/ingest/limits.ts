import type { IngestLimitOptions } from '../../../shared/model';
import { DEFLATE_MAX_RATIO } from './expansion';

/**
 * Guards against archive bombs and runaway inputs; the user may change them (CLI flags, startIngest params). Each is
 * held on bytes as they are written out of compressed evidence (archive members staged, gzip files counted), never
 * on what headers declare alone: see expansion.ts.
 */
export interface IngestLimits {
  /** Largest single member (or gzip file) once uncompressed. */
  maxMemberBytes: number;
  /** Largest total one ingest expands out of compressed evidence (staged members, gzip files). */
  maxTotalBytes: number;
  /** Largest uncompressed:compressed ratio, judged on bytes written so far once ratioFloorBytes are written. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** How deep archives may nest inside archives. */
  maxDepth: number;
  maxMembers: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxMemberBytes: 16 * 2 ** 30,
  maxTotalBytes: 256 * 2 ** 30,
  // Deflate's own ceiling (about 1032:1): by default no ratio a single deflate stream can reach is refused, so a
  // .json.gz that can't break the member or total limit is read in place without being inflated first (which
  // would cost about a third of an ingest of small CloudTrail files). Bombs that go past it share compressed data
  // (overlapping zip entries, refused outright) or nest (maxDepth, and every layer is counted).
  maxRatio: DEFLATE_MAX_RATIO,
  // A ratio judged on less than this is noise (one compressed block of spaces); 1 MiB is a few blocks of real logs.
  ratioFloorBytes: 2 ** 20,
  maxDepth: 4,
  maxMembers: 500_000,
};

/** The defaults with what the caller set on top (API names are snake_case, as everywhere on the API). */
export function resolveLimits(options: IngestLimitOptions | undefined): IngestLimits {
  const o = options ?? {};
  return {
    maxMemberBytes: o.max_member_bytes ?? DEFAULT_LIMITS.maxMemberBytes,
    maxTotalBytes: o.max_total_bytes ?? DEFAULT_LIMITS.maxTotalBytes,
    maxRatio: o.max_ratio ?? DEFAULT_LIMITS.maxRatio,
    ratioFloorBytes: o.ratio_floor_bytes ?? DEFAULT_LIMITS.ratioFloorBytes,
    maxDepth: o.max_depth ?? DEFAULT_LIMITS.maxDepth,
    maxMembers: o.max_members ?? DEFAULT_LIMITS.maxMembers,
  };
}
