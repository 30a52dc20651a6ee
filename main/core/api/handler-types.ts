import type { ApiMethod, ApiParsedParams, ApiResult } from '../../../shared/api';

export type Shell = 'electron' | 'host' | 'cli';
export type ApiHandlers = { [M in ApiMethod]: (params: ApiParsedParams<M>) => Promise<ApiResult<M>> };
/** The handlers for one area's slice of the API table (see shared/methods/). */
export type HandlersFor<T> = Pick<ApiHandlers, keyof T & ApiMethod>;
