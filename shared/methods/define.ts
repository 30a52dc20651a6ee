import { z } from 'zod';

/** One API method: a summary, a params schema and a result schema. */
export function method<P extends z.ZodType, R extends z.ZodType>(def: { summary: string; params: P; result: R }) {
  return def;
}

export const JobRef = z.object({ job: z.string().min(1) });
/** The most rows one page of any list may ask for. */
export const PAGE_LIMIT_MAX = 5000;
export const limit = z.number().int().min(1).max(PAGE_LIMIT_MAX).default(200);
export const offset = z.number().int().min(0).default(0);
