/**
 * Entra, GitHub, Vault and GCP records of credential chains, written by this project from each vendor's documented
 * record shape (one file per source beside this one): for every chain one issuance, its uses, and a near miss that
 * must not join. Times are minutes after 2026-10-01 10:00 UTC, as in lineage-records.ts.
 */
export type Obj = Record<string, unknown>;
export const ms = (minute: number) => Date.UTC(2026, 9, 1, 10, minute, 0);
export const at = (minute: number) => new Date(ms(minute)).toISOString();
export const unix = (minute: number) => Math.floor(ms(minute) / 1000);
export const lines = (rows: Obj[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
