// Types for build/count-interpolated-sql.mjs (imported by the unit tests).
export interface InterpolatedSql {
  file: string;
  line: number;
  kind: string;
  excerpt: string;
}
/** file:line of the statements that take no parameter, with why. */
export declare const UNBINDABLE: Map<string, string>;
export declare function countInterpolatedSql(root?: string): {
  found: InterpolatedSql[];
  unbindable: InterpolatedSql[];
  unprovenLit: InterpolatedSql[];
};
