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

/**
 * How each kind of error leaves a shell, once for all of them: the CLI's exit code (2 bad usage or bad input,
 * 1 anything else that went wrong) and the loopback host's HTTP status. Typed over every kind, so a kind added
 * above without its row here does not compile.
 */
export const ERROR_EXITS: Record<ErrorKind, { exit: 1 | 2; http: number }> = {
  bad_request: { exit: 2, http: 400 },
  bad_input: { exit: 2, http: 422 },
  not_found: { exit: 2, http: 404 },
  no_case: { exit: 2, http: 409 },
  conflict: { exit: 1, http: 409 },
  cancelled: { exit: 1, http: 409 },
  internal: { exit: 1, http: 500 },
};

export const isErrorKind = (value: unknown): value is ErrorKind => (ERROR_KINDS as readonly unknown[]).includes(value);

/** The CLI's exit code for an error of this kind. */
export const exitCodeOf = (kind: ErrorKind): 1 | 2 => ERROR_EXITS[kind].exit;
/** The HTTP status the loopback host answers an error of this kind with. */
export const httpStatusOf = (kind: ErrorKind): number => ERROR_EXITS[kind].http;

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
  return typeof v.message === 'string' && isErrorKind(v.kind);
}
