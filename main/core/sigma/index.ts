/** Sigma rules → parameterised DuckDB SQL over the case's raw records, and findings from their matches. */
export { loadSigmaRules, compileRuleDocs } from './load';
export { runSigmaRules, type RunOptions } from './run';
export type { CompiledRule, RejectedRule, SigmaRuleSet } from './types';
