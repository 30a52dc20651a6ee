/** The workspace methods of the API table (spread into `api` in shared/api.ts). */
export const workspaceMethods = {} as const;
