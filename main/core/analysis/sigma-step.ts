import type { Duck } from '../db/duck';
import type { FindingDraft } from './finding-draft';

/**
 * The Sigma step of an analysis, injected so the detectors do not depend on the compiler's module:
 * main/core/sigma/ exports loadSigmaRules(dir) and runSigmaRules(db, rules) → FindingDraft[]; the shells
 * (or the lead, when merging) pass `sigmaStep` built from them. Without it, `--sigma DIR` is refused clearly.
 */
export interface SigmaOutcome {
  rules: number;
  drafts: FindingDraft[];
  unsupported: { rule: string; reason: string }[];
}
export type SigmaStep = (db: Duck, dir: string) => Promise<SigmaOutcome>;

interface SigmaModule<R> {
  loadSigmaRules(dir: string): Promise<R[]> | R[];
  runSigmaRules(db: Duck, rules: R[]): Promise<FindingDraft[]> | FindingDraft[];
}

/** Adapts the Sigma module's two functions to a step; rules it reports as unsupported are passed through. */
export function sigmaStepFrom<R>(m: SigmaModule<R>): SigmaStep {
  return async (db, dir) => {
    const rules = await m.loadSigmaRules(dir);
    const drafts = await m.runSigmaRules(db, rules);
    const unsupported = rules.flatMap((r) => {
      const x = r as { id?: string; title?: string; unsupported?: string | null; error?: string | null };
      const reason = x.unsupported ?? x.error;
      return reason ? [{ rule: x.id ?? x.title ?? 'rule', reason }] : [];
    });
    return { rules: rules.length, drafts, unsupported };
  };
}
