import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a rule file, after Sigma 1.x collection actions (global/reset/repeat) are applied. */
export interface RuleDoc {
  file: string;
  doc: Record<string, unknown>;
}

export interface DocError {
  file: string;
  reason: string;
}

async function listYaml(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listYaml(p)));
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

function merge(base: unknown, over: unknown): unknown {
  if (
    base &&
    over &&
    typeof base === 'object' &&
    typeof over === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
    return out;
  }
  return over === undefined ? base : over;
}

/** Splits a multi-document file into rule documents. */
export function splitDocuments(file: string, text: string): { docs: RuleDoc[]; errors: DocError[] } {
  const docs: RuleDoc[] = [];
  const errors: DocError[] = [];
  let global: Record<string, unknown> = {};
  let previous: Record<string, unknown> | null = null;
  parseAllDocuments(text).forEach((d, i) => {
    const where = `${file} (document ${i + 1})`;
    if (d.errors.length) {
      errors.push({ file: where, reason: `YAML error: ${(d.errors[0]?.message ?? '').split('\n')[0]}` });
      return;
    }
    const value: unknown = d.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return; // empty document, e.g. a trailing `---`
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ file: where, reason: 'document is not a YAML map' });
      return;
    }
    const { action, ...body } = value as Record<string, unknown>;
    if (action === 'global') {
      global = merge(global, body) as Record<string, unknown>;
    } else if (action === 'reset') {
      global = {};
    } else if (action === 'repeat') {
      if (!previous) errors.push({ file: where, reason: '"action: repeat" with no rule before it' });
      else docs.push({ file, doc: (previous = merge(previous, body) as Record<string, unknown>) });
    } else if (action !== undefined) {
      errors.push({ file: where, reason: `unknown collection action "${String(action)}"` });
    } else {
      docs.push({ file, doc: (previous = merge(global, body) as Record<string, unknown>) });
    }
  });
  return { docs, errors };
}

/** Every rule document under dir (recursively, *.yml and *.yaml, in path order). */
export async function readRuleDocs(dir: string): Promise<{ docs: RuleDoc[]; errors: DocError[] }> {
  const docs: RuleDoc[] = [];
  const errors: DocError[] = [];
  for (const file of await listYaml(dir)) {
    const r = splitDocuments(file, await readFile(file, 'utf8'));
    docs.push(...r.docs);
    errors.push(...r.errors);
  }
  return { docs, errors };
}
