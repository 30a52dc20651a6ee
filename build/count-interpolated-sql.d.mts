// Types for build/count-interpolated-sql.mjs (imported by the unit tests).
export interface InterpolatedSql {
  file: string;
  line: number;
  kind: string;
  excerpt: string;
}
export declare const EXCLUDED: string[];
export declare function countInterpolatedSql(root?: string): { found: InterpolatedSql[]; excluded: InterpolatedSql[] };
