import { and, lit, sql, type Sql } from '../db/sql';

/** A condition, or nothing when the filter it stands for is not set. */
export type Condition = Sql | null | undefined | false;

/** `WHERE a AND b …` over the conditions that are present, or no text at all when none is. */
export function where(conditions: Condition[]): Sql {
  const present = conditions.filter((c): c is Sql => !!c);
  return present.length ? sql`WHERE ${and(present)}` : lit('');
}

/** The conditions that are present, as one (`true` when none is). */
export function allOf(conditions: Condition[]): Sql {
  return and(conditions.filter((c): c is Sql => !!c));
}

/** Whether a filter value is set: not undefined, null or the empty string. */
export function isSet<T>(value: T | undefined | null | ''): value is T {
  return value !== undefined && value !== null && value !== '';
}
