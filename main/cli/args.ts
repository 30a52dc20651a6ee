import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: exit code 2 with the command's usage line. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: Options, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: ${usage}`);
  }
}

export function positional(values: string[], count: number, usage: string): string[] {
  if (values.length < count) throw new UsageError(`missing argument\nusage: ${usage}`);
  return values;
}

/**
 * A whole-number option. Without a fallback an absent option is undefined, so the API method's schema gives its
 * default: the CLI names a default of its own only where it means a different one (a page a terminal can show).
 */
export function intOption(value: string | undefined, name: string): number | undefined;
export function intOption(value: string | undefined, name: string, fallback: number): number;
export function intOption(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number above 0, not "${value}"`);
  return n;
}

export function offsetOption(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} takes a whole number of 0 or more, not "${value}"`);
  return n;
}

export function numberOption(value: string | undefined, name: string): number | undefined;
export function numberOption(value: string | undefined, name: string, fallback: number): number;
export function numberOption(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} takes a positive number, not "${value}"`);
  return n;
}
