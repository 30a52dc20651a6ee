import type { Duck } from '../db/duck';
import { loadSigmaRules, runSigmaRules } from '../sigma';
import type { FindingDraft } from '../case/finding-draft';

/** What the Sigma step of an analysis gives back: its findings, and every rule it could not run with the reason. */
export interface SigmaOutcome {
  rules: number;
  drafts: FindingDraft[];
  unsupported: { rule: string; reason: string }[];
}
export type SigmaStep = (db: Duck, dir: string) => Promise<SigmaOutcome>;

/** Loads the Sigma rules under `dir`, runs those that compile, and lists the rest with why. */
export const sigmaFromFolder: SigmaStep = async (db, dir) => {
  const { rules, rejected } = await loadSigmaRules(dir);
  const drafts = await runSigmaRules(db, rules);
  const unsupported = rejected.map((r) => ({ rule: r.id ?? r.title ?? r.file, reason: `${r.file}: ${r.reason}` }));
  return { rules: rules.length + rejected.length, drafts, unsupported };
};
