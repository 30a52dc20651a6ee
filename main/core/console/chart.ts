import type { Timeline } from '../../../shared/methods/workspace';
import type { CaseFile } from '../case/case-file';
import { ident, lit, param, sql } from '../db/sql';
import { bucketSeconds } from '../query/timeline';
import { inlineParams } from './inline-sql';
import { queryConsole } from './runner';

/**
 * The statement as a subquery: trailing semicolons dropped, and the closing parenthesis on a line of its own so a
 * trailing `--` comment cannot swallow it. The wrapped text goes through the console's statement check like the
 * user's own, so a statement that cannot be a subquery (DESCRIBE, EXPLAIN) is refused there, with its reason.
 */
function subquery(text: string): string {
  return `(\n${text.replace(/[\s;]+$/, '')}\n)`;
}

/**
 * "Chart it": a console result's rows counted over time by one of its timestamp columns, in at most `buckets`
 * buckets of a width a person reads easily, as the app's timeline charts draw them (one series, "rows"). Every
 * row of the result counts, not only the page on screen; both reads are console runs, so both are in custody.
 */
export async function chartQuery(
  c: CaseFile,
  q: { sql: string; column: string; buckets: number; timeout_s: number },
): Promise<Timeline> {
  const col = ident(q.column);
  const from = lit(subquery(q.sql));
  const qc = queryConsole(c);
  const range = await qc.run({
    sql: inlineParams(sql`SELECT CAST(epoch_ms(min(r.${col})) AS DOUBLE) AS lo, CAST(epoch_ms(max(r.${col})) AS DOUBLE) + 1 AS hi
FROM ${from} r`),
    timeout_s: q.timeout_s,
  });
  const [lo, hi] = (range.rows[0] ?? [null, null]).map((v) => (v === null ? null : Number(v)));
  if (lo === null || lo === undefined || hi === null || hi === undefined)
    return { from: null, to: null, bucket_seconds: 0, series: [], points: [], total: 0 };
  const width = bucketSeconds(hi - lo, q.buckets) * 1000;
  // At most buckets + 1 (the first is aligned to a whole width before the first row).
  const cap = q.buckets + 1;
  const bucket = sql`CAST(floor(epoch_ms(r.${col}) / ${param(width)}) * ${param(width)} AS DOUBLE)`;
  const counts = await qc.run(
    {
      sql: inlineParams(
        sql`SELECT ${bucket} AS t, count(*) AS n\nFROM ${from} r WHERE r.${col} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      ),
      limit: cap,
      timeout_s: q.timeout_s,
    },
    cap,
  );
  const points = counts.rows.map(([t, n]) => ({ t: Number(t), s: 0, n: Number(n) }));
  return {
    from: new Date(Math.floor(lo / width) * width).toISOString(),
    to: new Date(hi).toISOString(),
    bucket_seconds: width / 1000,
    series: points.length ? ['rows'] : [],
    points,
    total: points.reduce((a, p) => a + p.n, 0),
  };
}
