/** The report methods of the API table (spread into `api` in shared/api.ts). */
export const reportMethods = {} as const;
