import type { Severity } from '../case/finding-draft';
import { fieldCandidates } from './fields';
import type { CompiledRule } from './types';

/** Values a dotted path reaches in a parsed record, through arrays, as the SQL side resolves them. */
export function valuesAt(record: unknown, path: string[]): unknown[] {
  let cur: unknown[] = [record];
  for (const k of path) {
    cur = cur
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
      .map((o) => o[k as string])
      .filter((v) => v !== undefined);
  }
  return cur.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null);
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `field=value` for the rule's fields in one matching record (the first of the finding). */
export function matchedFields(rule: CompiledRule, source: string | null, record: unknown): string[] {
  const out: string[] = [];
  for (const f of rule.fields) {
    let paths: string[][] = [];
    try {
      paths = fieldCandidates(source ?? rule.sources[0] ?? '', f);
    } catch {
      continue; // a correlation alias, not a path
    }
    for (const p of paths) {
      const vals = valuesAt(record, p);
      if (vals.length) {
        out.push(`${f}=${vals.slice(0, 3).map(show).join('|')}`);
        break;
      }
    }
  }
  return out;
}

const BASE_SCORE: Record<Severity, number> = { info: 10, low: 30, medium: 50, high: 70, critical: 90 };

export function score(level: Severity, count: number): number {
  return Math.min(100, BASE_SCORE[level] + Math.min(9, Math.round(Math.log2(count))));
}

export interface Burst {
  grp: string | null;
  start: string;
  end: string;
  n: number;
  actors: number;
  actor: string | null;
  uids: string[];
  /** Separate bursts (gaps over the burst gap) folded into this one finding; 1 when it is one burst. */
  bursts?: number;
}

export function explanation(rule: CompiledRule, b: Burst, fields: string[], maxEvidence: number): string {
  const by = rule.author ? `, by ${rule.author}` : '';
  const what =
    rule.kind === 'correlation'
      ? `Sigma correlation rule "${rule.title}" (${rule.id}${by}; ${rule.condition}) held for ${b.n} events${b.grp && b.grp !== "''" ? ` grouped as ${b.grp}` : ''}`
      : `Sigma rule "${rule.title}" (${rule.id}${by}; condition: ${rule.condition}) matched ${b.n} event${b.n === 1 ? '' : 's'}`;
  const who = b.actors === 1 && b.actor ? ` of ${b.actor}` : b.actors > 1 ? ` of ${b.actors} identities` : '';
  const when = b.start === b.end ? ` at ${b.start}` : ` from ${b.start} to ${b.end}`;
  const repeats = (b.bursts ?? 1) > 1 ? ` in ${b.bursts} separate bursts` : '';
  const on = fields.length ? `; first match has ${fields.join(', ')}` : '';
  const cap = b.n > maxEvidence ? `; the first ${maxEvidence} events are listed as evidence` : '';
  return `${what}${who}${when}${repeats}${on}${cap} (${rule.credit ?? 'rule under the Detection Rule License 1.1'}).`;
}
