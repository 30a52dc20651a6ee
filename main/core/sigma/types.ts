import type { DuckDBValue } from '@duckdb/node-api';
import type { Severity } from '../case/finding-draft';
import type { SlotPaths } from './fields';

/**
 * A Sigma rule compiled to one parameterised DuckDB query over `events`. The query returns the matching
 * events as (event_uid, time, actor_uid, grp): `grp` is what findings are split by (the identity for a plain
 * rule, the group-by values for a correlation).
 */
export interface CompiledRule {
  id: string;
  title: string;
  name: string | null;
  file: string;
  author: string | null;
  /** Where the rule comes from and under what licence, for findings (the shipped SigmaHQ rules); null if unknown. */
  credit?: string | null;
  level: Severity;
  kind: 'detection' | 'correlation';
  /** events.source values the rule reads. */
  sources: string[];
  sql: string;
  params: DuckDBValue[];
  /**
   * For plain rules: the condition alone, over `sigma_f` = json_extract(raw, paths). Rules loaded together
   * share one path list per source, which lets the runner test all of a source's rules in one pass.
   */
  match: { source: string; paths: SlotPaths; where: string; params: DuckDBValue[] } | null;
  /** Fields the detection tests, as the rule writes them. */
  fields: string[];
  /** The condition (detection) or a one-line summary of the correlation. */
  condition: string;
  /** False for rules only used through a correlation (Sigma's default unless the correlation says `generate`). */
  standalone: boolean;
  /** Matches further apart than this start a new finding. */
  burstSeconds: number | null;
}

export interface RejectedRule {
  file: string;
  id: string | null;
  title: string | null;
  reason: string;
}

export interface SigmaRuleSet {
  rules: CompiledRule[];
  rejected: RejectedRule[];
}

export const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};
