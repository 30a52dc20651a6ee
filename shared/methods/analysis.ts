/** The analysis methods of the API table (spread into `api` in shared/api.ts). */
export const analysisMethods = {} as const;
