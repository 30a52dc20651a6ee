import { type ErrorKind } from '../../../shared/errors';
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
export declare const createErrorSlice: SliceCreator<ErrorSlice>;
