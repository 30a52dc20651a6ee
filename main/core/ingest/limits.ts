/** Guards against archive bombs and runaway inputs. Callers of ingestPaths may pass their own; no CLI flag sets them yet. */
export interface IngestLimits {
  /** Largest single member once uncompressed. */
  maxMemberBytes: number;
  /** Largest total written to the staging folder by one ingest. */
  maxTotalBytes: number;
  /** Largest uncompressed:compressed ratio accepted for a member bigger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** How deep archives may nest inside archives. */
  maxDepth: number;
  maxMembers: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxMemberBytes: 16 * 2 ** 30,
  maxTotalBytes: 256 * 2 ** 30,
  maxRatio: 1000,
  ratioFloorBytes: 64 * 2 ** 20,
  maxDepth: 4,
  maxMembers: 500_000,
};
