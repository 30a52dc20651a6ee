// Types for build/core-layering.mjs (imported by the unit tests).
import type { Rule } from 'eslint';
export declare const CORE_FLOORS: string[];
export declare const coreLayering: Rule.RuleModule;
declare const plugin: { rules: Record<string, Rule.RuleModule> };
export default plugin;
