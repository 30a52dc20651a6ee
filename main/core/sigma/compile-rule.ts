import { compileDetection } from './detection';
import type { FieldSlots } from './fields';
import { describeLogsource, mapLogsource, type Logsource } from './logsource';
import type { RuleDoc } from './rule-doc';
import { sql } from '../db/sql';
import { LEVELS, type CompiledRule } from './types';
import { unsupported } from './unsupported';
import type { Severity } from '../case/finding-draft';

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

export function ruleLevel(v: unknown): Severity {
  if (v === undefined) return 'medium';
  const level = typeof v === 'string' ? LEVELS[v.toLowerCase()] : undefined;
  return level ?? unsupported(`unknown level "${String(v)}"`);
}

export function ruleHeader(d: RuleDoc): Pick<CompiledRule, 'id' | 'title' | 'name' | 'file' | 'author' | 'level'> {
  const title = str(d.doc.title) ?? unsupported('rule has no title');
  const id = str(d.doc.id) ?? str(d.doc.name) ?? unsupported('rule has neither id nor name');
  return { id, title, name: str(d.doc.name), file: d.file, author: str(d.doc.author), level: ruleLevel(d.doc.level) };
}

/**
 * A single-event rule: the events of its logsource whose raw record satisfies the detection. Rules of one
 * source share `slots` (one list of extracted paths), so the runner can test them all in one pass; `finish`
 * writes the rule's own query once every rule of the source is compiled.
 */
export function compileDetectionRule(
  d: RuleDoc,
  slotsFor: (source: string) => FieldSlots,
): { rule: CompiledRule; finish: () => void } {
  const header = ruleHeader(d);
  const ls = (d.doc.logsource ?? {}) as Logsource;
  if (typeof ls !== 'object') unsupported('logsource is not a map');
  const source = mapLogsource(ls);
  if (!source) unsupported(`logsource not mapped (${describeLogsource(ls) || 'empty'})`);
  const slots = slotsFor(source);
  const det = compileDetection(source, d.doc.detection, slots);
  const rule: CompiledRule = {
    ...header,
    kind: 'detection',
    sources: [source],
    sql: '',
    params: [],
    match: null,
    fields: det.fields,
    condition: det.condition,
    standalone: true,
    burstSeconds: null,
  };
  const finish = (): void => {
    const q = sql`SELECT event_uid, time, actor_uid, actor_uid AS grp FROM ${det.from()} WHERE ${det.where}`;
    rule.sql = q.text;
    rule.params = q.params;
    rule.match = { source, paths: slots.list(), where: det.where.text, params: det.where.params };
  };
  return { rule, finish };
}
