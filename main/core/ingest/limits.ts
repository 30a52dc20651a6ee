import { TrailmarkError } from '../../../shared/errors';
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

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 2 ** 10,
  m: 1e6,
  mb: 1e6,
  mib: 2 ** 20,
  g: 1e9,
  gb: 1e9,
  gib: 2 ** 30,
  t: 1e12,
  tb: 1e12,
  tib: 2 ** 40,
};

/** "16GiB", "500MB", "1048576" → bytes. SI units are powers of ten, IEC units (KiB, MiB…) powers of two. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new TrailmarkError('bad_request', `"${text}" is not a size (examples: 1048576, 500MB, 16GiB)`);
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new TrailmarkError('bad_request', `"${text}" is not a size above 0`);
  return bytes;
}
