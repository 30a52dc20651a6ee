import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countInterpolatedSql, EXCLUDED } from '../../build/count-interpolated-sql.mjs';
import { tempDir } from '../helpers/paths';

/*
 * SQL built by splicing a value into its text (build/count-interpolated-sql.mjs). Outside the ingest read layer
 * there are none. The read layer's builders (readers, formats, envelopes, exports, normalize) still return text and
 * compose it, the file lists and limits spliced in; they are counted here and may only go down, until they
 * return `Sql` too. identity/lineage.ts is converted on its own branch and counted apart until merged.
 */
const READ_LAYER = 'main/core/ingest/';
const LEFT_IN_READ_LAYER = 46;
/**
 * Statements DuckDB parses with no parameter at all, where a value can only be quoted into the text (sqlString):
 * COMMENT ON (the q.events descriptions carried over when 0015 replaces the view).
 */
const UNBINDABLE = new Set([
  'main/core/case/migrations/0015_event_targets.ts:41',
  'main/core/case/migrations/0015_event_targets.ts:43',
]);

const SAMPLE = `
import { sql, param, lit } from '../db/sql';
import { sqlString } from '../db/duck';
const COLUMNS = 'a, b';
const TABLE = 'events';
const q = (k: string) => \`nullif(j->>'$.\${k}', '')\`;
export function fixed() {
  return [\`SELECT \${COLUMNS} FROM \${TABLE}\`, \`SELECT \${q('x')} FROM t\`, sql\`SELECT \${param(1)}\`, lit(\`FROM \${TABLE}\`)];
}
export function spliced(id: string, files: string[]) {
  return [
    \`SELECT * FROM events WHERE id = '\${id}'\`,
    \`SELECT * FROM read_json([\${files.map(sqlString).join(', ')}])\`,
    'SELECT * FROM events WHERE id = ' + id,
  ];
}
export const message = (kind: string) => new Error(\`\${kind} statements are not allowed: only SELECT runs\`);
`;

describe('SQL built by interpolating values (build/count-interpolated-sql.mjs)', () => {
  it('counts a value spliced into SQL text, and not fixed text from code or a bound parameter', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'main/core/query'), { recursive: true });
    await writeFile(path.join(root, 'main/core/query/sample.ts'), SAMPLE);
    const { found } = countInterpolatedSql(root);
    expect(found.map((h) => h.line).sort((a, b) => a - b)).toEqual([12, 13, 14]);
    expect(found.map((h) => h.kind)).toEqual([
      'template (id)',
      "template (files.map(sqlString).join(', '))",
      'concatenation',
    ]);
  });

  it('finds none outside the ingest read layer, and no more than were left there', () => {
    const all = countInterpolatedSql();
    const excluded = all.excluded;
    const found = all.found.filter((h) => !(h.kind === 'sqlString' && UNBINDABLE.has(`${h.file}:${h.line}`)));
    const outside = found.filter((h) => !h.file.startsWith(READ_LAYER));
    expect(outside.map((h) => `${h.file}:${h.line} ${h.kind}`)).toEqual([]);
    expect(found.length).toBeLessThanOrEqual(LEFT_IN_READ_LAYER);
    console.log(
      `${found.length} SQL strings built by interpolating values in main/core (${excluded.length} more in ${EXCLUDED.join(', ')})`,
    );
  }, 600_000);
});
