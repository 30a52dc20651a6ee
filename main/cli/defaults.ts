import { z } from 'zod';
import { api, type ApiMethod } from '../../shared/api';

/**
 * The default an API method's params schema gives one of its numeric fields, for the few commands that show the
 * value they used: the CLI reads the schema's `.default()`, never a copy of it.
 */
export function defaultOf(method: ApiMethod, field: string): number {
  const params = api[method].params as z.ZodType;
  const shape = params instanceof z.ZodObject ? (params.shape as Record<string, z.ZodType>) : undefined;
  const value = shape?.[field]?.safeParse(undefined).data;
  if (typeof value !== 'number') throw new Error(`${method}.${field} has no numeric default in shared/api.ts`);
  return value;
}
