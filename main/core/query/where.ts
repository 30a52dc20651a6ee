import type { DuckDBValue } from '@duckdb/node-api';

/** Builds a WHERE clause from the filters that are present, every value a parameter. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: DuckDBValue[] = [];

  add(sql: string, ...values: DuckDBValue[]): this {
    this.parts.push(sql);
    this.params.push(...values);
    return this;
  }

  when<T extends DuckDBValue>(
    value: T | undefined | null,
    sql: string,
    map: (v: T) => DuckDBValue[] = (v) => [v],
  ): this {
    if (value !== undefined && value !== null && value !== '') this.add(sql, ...map(value));
    return this;
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
