import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';

/** The views a console query may read, besides its own CTEs: the `q` schema and the console's `custody` table. */
export const CONSOLE_VIEWS = [
  'events',
  'identities',
  'credentials',
  'sessions',
  'findings',
  'finding_events',
  'annotations',
  'evidence',
  'ingest_issues',
  'lineage_edges',
  'lineage_links',
  'custody',
] as const;

/** Table functions that compute rows from their arguments and touch nothing else. */
const SAFE_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/**
 * Functions that reach outside the query: ones that run SQL text of their own (query, query_table), advance or
 * read the case's sequences, or read settings and environment. Everything that reads files is a table function
 * and is refused by the allow-list above.
 */
const REFUSED_FUNCTIONS = new Set([
  'query',
  'query_table',
  'nextval',
  'currval',
  'setval',
  'getenv',
  'current_setting',
  'current_database',
]);

const KEYWORD = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/;

/** What the statement is, for the message: its first keyword. */
function firstKeyword(text: string): string {
  return (KEYWORD.exec(text)?.[1] ?? '').toUpperCase();
}

export interface CheckedStatement {
  /** The statement without trailing semicolons: a SELECT, WITH, DESCRIBE or SUMMARIZE, or EXPLAIN of one. */
  text: string;
  explain: boolean;
  /** The views it reads (lower case), so the runner prepares only those it needs (custody). */
  views: Set<string>;
}

const refuse = (message: string) => new TrailmarkError('bad_input', message);

/**
 * Decides whether a console statement may run, from DuckDB's own parse of it (json_serialize_sql, which serialises
 * only SELECT statements and refuses every other kind): one statement; SELECT, WITH, DESCRIBE, SUMMARIZE, or
 * EXPLAIN [ANALYZE] of one; reading only the documented views (schema `q`, or unqualified), its own CTEs and the
 * table functions that touch nothing; no function that reaches outside the query.
 */
export async function checkStatement(db: Duck, input: string): Promise<CheckedStatement> {
  let text = input.trim().replace(/;\s*$/, '').trim();
  if (!text) throw refuse('the query is empty');
  const explain = /^EXPLAIN\s+(ANALYZE\s+)?/i.exec(text);
  const body = explain ? text.slice(explain[0].length) : text;
  if (explain) text = `EXPLAIN ${explain[1] ? 'ANALYZE ' : ''}${body}`;
  const serialised = await db.scalar<string>(sql`SELECT json_serialize_sql(${param(body)}::VARCHAR)`);
  const parsed = JSON.parse(serialised) as {
    error: boolean;
    error_type?: string;
    error_message?: string;
    statements?: unknown[];
  };
  if (parsed.error) {
    if (parsed.error_type === 'not implemented') {
      const kind = firstKeyword(body) || 'this';
      if (['SELECT', 'WITH', 'DESCRIBE', 'SUMMARIZE', 'FROM', 'VALUES', 'TABLE'].includes(kind))
        throw refuse('one read-only statement at a time: this holds another statement after it that is not a SELECT');
      throw refuse(
        `${kind} statements are not allowed in the query console: only SELECT, WITH, DESCRIBE, SUMMARIZE and EXPLAIN ` +
          'run here, read-only',
      );
    }
    throw refuse(`the query does not parse: ${parsed.error_message ?? 'syntax error'}`);
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1)
    throw refuse(`one statement at a time: this holds ${statements.length} (separate queries run one by one)`);
  const views = new Set<string>();
  checkTree(statements[0], new Set(), views);
  return { text, explain: explain !== null, views };
}

interface Node {
  [key: string]: unknown;
}
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the parse tree: every table it reads, every table function and function it calls. */
function checkTree(value: unknown, ctes: Set<string>, views: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) checkTree(v, ctes, views);
    return;
  }
  if (!isNode(value)) return;
  // A node's CTEs are visible in it and below it.
  const map = (value.cte_map as Node | undefined)?.map;
  if (Array.isArray(map)) {
    ctes = new Set(ctes);
    for (const entry of map) if (isNode(entry) && typeof entry.key === 'string') ctes.add(entry.key.toLowerCase());
  }
  if (value.type === 'BASE_TABLE') checkTable(value, ctes, views);
  if (value.type === 'SHOW_REF' && typeof value.table_name === 'string' && value.table_name !== '')
    checkTableName(String(value.catalog_name ?? ''), String(value.schema_name ?? ''), value.table_name, ctes, views);
  if (value.type === 'TABLE_FUNCTION' && isNode(value.function)) {
    const name = String(value.function.function_name).toLowerCase();
    if (!SAFE_TABLE_FUNCTIONS.has(name) || value.function.schema || value.function.catalog)
      throw refuse(
        `the table function ${name}() is not allowed in the query console: it reads outside the case's views ` +
          `(allowed: ${[...SAFE_TABLE_FUNCTIONS].join(', ')})`,
      );
  }
  if (value.class === 'FUNCTION' && typeof value.function_name === 'string') {
    const name = value.function_name.toLowerCase();
    if (REFUSED_FUNCTIONS.has(name)) throw refuse(`the function ${name}() is not allowed in the query console`);
  }
  for (const v of Object.values(value)) checkTree(v, ctes, views);
}

function checkTable(node: Node, ctes: Set<string>, views: Set<string>): void {
  checkTableName(String(node.catalog_name ?? ''), String(node.schema_name ?? ''), String(node.table_name), ctes, views);
}

function checkTableName(catalog: string, schema: string, table: string, ctes: Set<string>, views: Set<string>): void {
  const name = table.toLowerCase();
  if (!catalog && !schema && ctes.has(name)) return;
  const known = (CONSOLE_VIEWS as readonly string[]).includes(name);
  const inQ = schema.toLowerCase() === 'q' || (!schema && known);
  if (!catalog && inQ && known && !(schema && name === 'custody')) {
    views.add(name);
    return;
  }
  if (!catalog && name === 'custody') throw refuse('custody is read without a schema: FROM custody');
  const shown = [catalog, schema, table].filter(Boolean).join('.');
  throw refuse(
    `${JSON.stringify(shown)} is not one of the query console's views: it reads only ` +
      `${CONSOLE_VIEWS.join(', ')} (see docs/query-views.md)`,
  );
}
