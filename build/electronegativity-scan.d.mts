// Types for build/electronegativity-scan.mjs (imported by the unit tests).
export interface Finding {
  id: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  file: string;
  line: number;
  sample: string;
}
export declare const ACCEPTED: ReadonlyArray<{ id: string; file: string; severity: string; why: string }>;
export declare function scan(
  input?: string | null,
): Promise<{ electronVersion: string; checks: number; errors: unknown[]; findings: Finding[] }>;
export declare function judge(findings: Finding[]): { accepted: Finding[]; failing: Finding[] };
