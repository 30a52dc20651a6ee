/** Errors cross every boundary (IPC, HTTP, CLI --json) as plain data, never as thrown host objects. */
export const ERROR_KINDS = [
  'bad_request', // params did not match the method's schema
  'bad_input', // a file or record the user gave is unusable; message names it
  'not_found',
  'no_case', // a method that needs an open case was called without one
  'conflict',
  'cancelled',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ApiErrorData {
  kind: ErrorKind;
  message: string;
  detail?: unknown;
}

export type ApiResponse<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

/** Thrown by the clients (and by the core internally) so callers can `catch` and read `.data`. */
export class TrailmarkError extends Error {
  readonly data: ApiErrorData;
  constructor(kind: ErrorKind, message: string, detail?: unknown) {
    super(message);
    this.name = 'TrailmarkError';
    this.data = detail === undefined ? { kind, message } : { kind, message, detail };
  }
  get kind(): ErrorKind {
    return this.data.kind;
  }
}

export function isApiErrorData(value: unknown): value is ApiErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_KINDS as readonly string[]).includes(v.kind as string);
}
