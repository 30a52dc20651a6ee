import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countInterpolatedSql, UNBINDABLE } from '../../build/count-interpolated-sql.mjs';
import { tempDir } from '../helpers/paths';

/*
 * SQL built by splicing a value into its text (build/count-interpolated-sql.mjs): there is none in main/core. The
 * only quoted values are the counter's UNBINDABLE (COMMENT ON in migrations), listed apart.
 */

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
const FIELDS = ['a', 'b'];
const wrap = (f: string) => \`SELECT \${f} FROM t\`;
export function fixedToo() {
  const merged = FIELDS.reduce((acc, f) => \`SELECT coalesce(\${acc}, j->>'\${f}')\`, 'NULL');
  const out = FIELDS.map(wrap);
  for (const f of FIELDS) out.push(\`SELECT \${f} FROM t\`);
  return [lit(\`SELECT \${merged} FROM t\`), out];
}
const quoteName = (n: string) => \`SELECT '\${n}'\`;
export const splicedToo = (names: string[]) => [
  names.map(quoteName),
  names.reduce((acc, n) => \`SELECT \${n}, \${acc}\`, 'x'),
  lit(\`SELECT \${names[0]} FROM t\`),
];
const columns = (time: (agg: string) => string) => \`SELECT \${time('min(t)')} FROM x\`;
export const fixedCallback = () => [columns((a) => \`max(\${a})\`), columns((a) => a)];
const picked = (wrap: (v: string) => string) => \`SELECT \${wrap('x')} FROM t\`;
export const valueCallback = (user: string) => picked(() => user);
`;

describe('SQL built by interpolating values (build/count-interpolated-sql.mjs)', () => {
  it('counts a value spliced into SQL text, and not fixed text from code or a bound parameter', async () => {
    // Fixed: constants, lit() of fixed text, a reduce or a for-of over a fixed list, a function mapped over one, a
    // callback parameter every caller gives a function of fixed text.
    const root = await tempDir();
    await mkdir(path.join(root, 'main/core/query'), { recursive: true });
    await writeFile(path.join(root, 'main/core/query/sample.ts'), SAMPLE);
    const { found, unprovenLit } = countInterpolatedSql(root);
    expect(found.map((h) => h.line).sort((a, b) => a - b)).toEqual([12, 13, 14, 26, 29, 30, 34]);
    expect(found.map((h) => h.kind)).toEqual([
      'template (id)',
      "template (files.map(sqlString).join(', '))",
      'concatenation',
      'template (n)',
      'template (n, acc)',
      'template (names[0])',
      "template (wrap('x'))",
    ]);
    expect(unprovenLit.map((h) => h.line)).toEqual([30]);
  });

  it('finds none in main/core', () => {
    const { found, unbindable } = countInterpolatedSql();
    expect(found.map((h) => `${h.file}:${h.line} ${h.kind}`)).toEqual([]);
    expect(unbindable.map((h) => `${h.file}:${h.line}`)).toEqual([...UNBINDABLE.keys()]);
  }, 600_000);
});
