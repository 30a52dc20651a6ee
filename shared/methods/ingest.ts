/** The ingest methods of the API table (spread into `api` in shared/api.ts). */
export const ingestMethods = {} as const;
