import { TrailmarkError, type ErrorKind } from '../../../shared/errors';
import type { SliceCreator } from './slice';

export interface ShownError {
  id: number;
  kind: ErrorKind;
  /** What the user was doing, e.g. "Opening the case". */
  action: string;
  message: string;
}

export interface ErrorSlice {
  errors: ShownError[];
  reportError(action: string, err: unknown): void;
  dismissError(id: number): void;
}

let nextId = 1;

export const createErrorSlice: SliceCreator<ErrorSlice> = (set) => ({
  errors: [],
  reportError: (action, err) => {
    const kind: ErrorKind = err instanceof TrailmarkError ? err.kind : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    // The same failure repeated (e.g. the host is gone and every page fails) is shown once.
    set((s) =>
      s.errors.some((e) => e.action === action && e.message === message)
        ? s
        : { errors: [...s.errors, { id: nextId++, kind, action, message }] },
    );
  },
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
});
