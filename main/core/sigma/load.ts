import { compileDetectionRule, str } from './compile-rule';
import { compileCorrelation } from './correlation';
import { FieldSlots } from './fields';
import { readRuleDocs, type RuleDoc } from './rule-doc';
import type { CompiledRule, RejectedRule, SigmaRuleSet } from './types';
import { SigmaUnsupported } from './unsupported';

function reject(d: RuleDoc, err: unknown): RejectedRule {
  if (!(err instanceof SigmaUnsupported)) throw err;
  return { file: d.file, id: str(d.doc.id), title: str(d.doc.title), reason: err.reason };
}

/** Compiles a set of rule documents: plain rules first, then correlations that refer to them by id or name. */
export function compileRuleDocs(docs: RuleDoc[]): SigmaRuleSet {
  const rules: CompiledRule[] = [];
  const rejected: RejectedRule[] = [];
  const byRef = new Map<string, { doc: RuleDoc; rule: CompiledRule | null; reason?: string }>();
  const correlations: RuleDoc[] = [];
  const slots = new Map<string, FieldSlots>();
  const slotsFor = (source: string): FieldSlots =>
    slots.get(source) ?? slots.set(source, new FieldSlots()).get(source)!;
  const finish: (() => void)[] = [];
  for (const d of docs) {
    if (d.doc.correlation !== undefined) {
      correlations.push(d);
      for (const k of [str(d.doc.id), str(d.doc.name)])
        if (k) byRef.set(k, { doc: d, rule: null, reason: 'it is a correlation (chains are not supported)' });
      continue;
    }
    let rule: CompiledRule | null = null;
    let reason: string | undefined;
    try {
      if (d.doc.detection === undefined) {
        const kind =
          d.doc.filter !== undefined ? 'a Sigma filter document' : 'neither a detection nor a correlation rule';
        throw new SigmaUnsupported(`document is ${kind}`);
      }
      const compiled = compileDetectionRule(d, slotsFor);
      rule = compiled.rule;
      finish.push(compiled.finish);
      rules.push(rule);
    } catch (err) {
      const r = reject(d, err);
      rejected.push(r);
      reason = r.reason;
    }
    for (const k of [str(d.doc.id), str(d.doc.name)]) if (k) byRef.set(k, { doc: d, rule, reason });
  }
  for (const f of finish) f();
  const referenced = new Set<CompiledRule>();
  const generated = new Set<CompiledRule>();
  for (const d of correlations) {
    try {
      const used: CompiledRule[] = [];
      const rule = compileCorrelation(d, (ref) => {
        const hit = byRef.get(ref);
        if (!hit) throw new SigmaUnsupported(`correlation refers to unknown rule "${ref}"`);
        if (!hit.rule)
          throw new SigmaUnsupported(`correlation refers to rule "${ref}", which is not usable: ${hit.reason}`);
        used.push(hit.rule);
        return { doc: hit.doc, rule: hit.rule };
      });
      rules.push(rule);
      const generate = (d.doc.correlation as Record<string, unknown>).generate === true;
      for (const u of used) (generate ? generated : referenced).add(u);
    } catch (err) {
      rejected.push(reject(d, err));
    }
  }
  // Sigma: a rule used by correlations makes no findings of its own unless one of them says `generate: true`.
  for (const r of referenced) if (!generated.has(r)) r.standalone = false;
  return { rules, rejected };
}

/** Loads and compiles every Sigma rule under dir; anything that cannot run is listed in `rejected` with why. */
export async function loadSigmaRules(dir: string): Promise<SigmaRuleSet> {
  return loadSigmaFolders([{ dir }]);
}

export interface RuleFolder {
  dir: string;
  /** How findings from this folder's rules credit their source, beside each rule's author. */
  credit?: string;
}

/**
 * The rules of several folders compiled as one set (a correlation may use a rule of another folder). A rule whose
 * id is also in a later folder is replaced by that one, so a folder of your own can override a shipped rule.
 */
export async function loadSigmaFolders(folders: RuleFolder[]): Promise<SigmaRuleSet> {
  const byId = new Map<string, RuleDoc>();
  const docs: RuleDoc[] = [];
  const errors: { file: string; id: null; title: null; reason: string }[] = [];
  const credits = new Map<string, string>();
  for (const f of folders) {
    const read = await readRuleDocs(f.dir);
    for (const d of read.docs) {
      const id = str(d.doc.id);
      const earlier = id ? byId.get(id) : undefined;
      if (earlier) docs.splice(docs.indexOf(earlier), 1);
      if (id) byId.set(id, d);
      docs.push(d);
      if (f.credit) credits.set(d.file, f.credit);
    }
    errors.push(...read.errors.map((e) => ({ file: e.file, id: null, title: null, reason: e.reason })));
  }
  const set = compileRuleDocs(docs);
  for (const r of set.rules) r.credit = credits.get(r.file) ?? null;
  set.rejected.unshift(...errors);
  return set;
}
