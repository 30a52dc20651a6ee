import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import {
  loadSigmaFolders,
  rulesWithoutEvents,
  runSigmaRules,
  SHIPPED_CREDIT,
  shippedRulesDir,
  type RuleFolder,
} from '../sigma';
import type { FindingDraft } from '../case/finding-draft';

/** What the Sigma step of an analysis gives back: its findings, and every rule it could not run with the reason. */
export interface SigmaOutcome {
  rules: number;
  drafts: FindingDraft[];
  unsupported: { rule: string; reason: string }[];
  /** Rules that compiled but had no event of their logsource in the case, by logsource. */
  noEvents: { logsource: string; rules: string[] }[];
}
export type SigmaStep = (db: Duck, folders: RuleFolder[]) => Promise<SigmaOutcome>;

/** The rule folders of an analysis: the shipped SigmaHQ rules unless left out, then the user's folder. */
export function sigmaFolders(opts: { defaultRules: boolean; sigmaDir: string | null }): RuleFolder[] {
  const out: RuleFolder[] = [];
  if (opts.defaultRules) {
    const dir = shippedRulesDir();
    if (!dir)
      throw new TrailmarkError('internal', 'the Sigma rules that ship with Trailmark (rules/sigma) are missing');
    out.push({ dir, credit: SHIPPED_CREDIT });
  }
  if (opts.sigmaDir) out.push({ dir: opts.sigmaDir });
  return out;
}

/** Loads the Sigma rules of the folders, runs those that compile over the logsources the case has, lists the rest. */
export const sigmaFromFolders: SigmaStep = async (db, folders) => {
  const { rules, rejected } = await loadSigmaFolders(folders);
  const { idle, active } = await rulesWithoutEvents(db, rules);
  const drafts = await runSigmaRules(db, active);
  const unsupported = rejected.map((r) => ({ rule: r.id ?? r.title ?? r.file, reason: `${r.file}: ${r.reason}` }));
  return { rules: rules.length + rejected.length, drafts, unsupported, noEvents: idle };
};
