/** The lineage fixtures of Entra, GitHub, Vault and GCP, one file per source (see shared.ts). */
export { at, lines } from './shared';
export * from './entra';
export * from './github';
export * from './vault';
export * from './gcp';
export * from './odd';
