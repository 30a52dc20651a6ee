/** Sigma rules → parameterised DuckDB SQL over the case's raw records, and findings from their matches. */
export { loadSigmaRules, loadSigmaFolders, compileRuleDocs, type RuleFolder } from './load';
export { shippedRulesDir, SHIPPED_CREDIT } from './shipped';
export { runSigmaRules, rulesWithoutEvents, type RunOptions } from './run';
export type { CompiledRule, RejectedRule, SigmaRuleSet } from './types';
