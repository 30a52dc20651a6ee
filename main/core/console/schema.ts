import type { Duck } from '../db/duck';
import { sql } from '../db/sql';
import { CUSTODY_COLUMNS, CUSTODY_COMMENT } from './custody-table';

export interface ConsoleColumn {
  name: string;
  type: string;
  description: string;
}
export interface ConsoleView {
  name: string;
  description: string;
  columns: ConsoleColumn[];
}

/**
 * The console's views and their columns, read from the `q` schema's own definitions and comments (migration 0012),
 * plus the custody table: the one source of the generated docs page and of the editor's completion.
 */
export async function consoleSchema(db: Duck): Promise<ConsoleView[]> {
  const views = await db.all<{ name: string; description: string | null }>(
    sql`SELECT view_name AS name, comment AS description FROM duckdb_views()
        WHERE schema_name = 'q' AND NOT internal ORDER BY view_oid`,
  );
  const cols = await db.all<{ view: string; name: string; type: string; description: string | null }>(
    sql`SELECT table_name AS view, column_name AS name, data_type AS type, comment AS description FROM duckdb_columns()
        WHERE schema_name = 'q' ORDER BY table_name, column_index`,
  );
  const out: ConsoleView[] = views.map((v) => ({
    name: v.name,
    description: v.description ?? '',
    columns: cols
      .filter((c) => c.view === v.name)
      .map((c) => ({ name: c.name, type: c.type, description: c.description ?? '' })),
  }));
  out.push({
    name: 'custody',
    description: CUSTODY_COMMENT,
    columns: Object.entries(CUSTODY_COLUMNS).map(([name, c]) => ({ name, type: c.type, description: c.comment })),
  });
  return out;
}

/** The docs page: every view and column, as Markdown. Generated; docs/query-views.md must equal it (a test checks). */
export function schemaMarkdown(views: ConsoleView[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const parts = [
    '# Query console views',
    '',
    '<!-- Generated from the view definitions (migration 0012 and console/custody-table.ts) by',
    '     `node build/query-docs.mjs`; do not edit by hand. -->',
    '',
    'The query console (`trailmark sql`, the Query tab) reads these views only, read-only. Write them plain',
    '(`events`) or in their schema (`q.events`); `custody` is plain only.',
    '',
  ];
  for (const v of views) {
    parts.push(`## ${v.name}`, '', v.description, '', '| column | type | description |', '| --- | --- | --- |');
    for (const c of v.columns) parts.push(`| \`${c.name}\` | ${cell(c.type)} | ${cell(c.description)} |`);
    parts.push('');
  }
  return parts.join('\n');
}
