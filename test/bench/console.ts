// The query console on the bench case: ten typical investigator queries through the console (statement check,
// its own connection, the q views, custody record of every run) beside the same SQL in bare DuckDB reading the
// same case file directly (a read-only instance, search path q). The pairs alternate, so a machine whose load
// changes during the run still compares like with like. Figures are printed, never asserted.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCoreService } from '../../main/core/api/service';
import { queryConsole } from '../../main/core/console/runner';
import { param, sql } from '../../main/core/db/sql';
import { scheduleTextIndex } from '../../main/core/query/text-index';
import { percentile } from './measure';
import { openBenchCase } from './workspace';

/** The ten queries; $ROLE, $DAY and $MONTH are filled from the case (a busy machine role, a day, its month). */
const QUERIES: [string, string][] = [
  ['events per source', 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY n DESC'],
  [
    "access keys per IP in a role's sessions, one month",
    `SELECT src_ip, count(DISTINCT credential_uid) AS access_keys FROM events
     WHERE session_uid IN (SELECT session_uid FROM sessions WHERE actor_uid = '$ROLE')
       AND time >= TIMESTAMPTZ '$MONTH-01 00:00:00+00' AND time < TIMESTAMPTZ '$MONTH-01 00:00:00+00' + INTERVAL 1 MONTH
     GROUP BY src_ip ORDER BY access_keys DESC, src_ip`,
  ],
  [
    'operations with the most failures',
    `SELECT api_operation, count(*) FILTER (WHERE outcome = 'failure') AS failures, count(*) AS n FROM events
     GROUP BY 1 ORDER BY failures DESC, n DESC LIMIT 20`,
  ],
  [
    "one identity's events in a day",
    `SELECT time, api_operation, src_ip, outcome FROM events WHERE actor_uid = '$ROLE'
     AND time >= TIMESTAMPTZ '$DAY 00:00:00+00' AND time < TIMESTAMPTZ '$DAY 00:00:00+00' + INTERVAL 1 DAY ORDER BY time`,
  ],
  [
    'operations a machine identity first called in the last week',
    `WITH firsts AS (SELECT e.actor_uid, e.api_operation, min(e.time) AS first FROM events e
       JOIN identities i USING (actor_uid) WHERE i.category = 'machine' GROUP BY ALL)
     SELECT actor_uid, api_operation, first FROM firsts
     WHERE first >= (SELECT max(time) FROM events) - INTERVAL 7 DAY ORDER BY first DESC`,
  ],
  [
    'identities by category and kind',
    'SELECT category, kind, count(*) AS n, sum(event_count) AS events FROM identities GROUP BY ALL ORDER BY n DESC',
  ],
  [
    'a raw field: userIdentity.type counts',
    "SELECT raw->>'$.userIdentity.type' AS type, count(*) AS n FROM events WHERE source = 'cloudtrail' GROUP BY 1 ORDER BY n DESC",
  ],
  [
    "a role's hourly activity",
    `SELECT to_timestamp(floor(epoch(time) / 3600) * 3600) AS hour, count(*) AS n FROM events
     WHERE actor_uid = '$ROLE' GROUP BY 1 ORDER BY 1`,
  ],
  [
    'credentials used from more than 3 addresses',
    'SELECT credential_uid, actor_uid, src_ip_count, event_count FROM credentials WHERE src_ip_count > 3 ORDER BY src_ip_count DESC',
  ],
  [
    'evidence events of the high findings',
    `SELECT f.finding_id, f.title, e.time, e.api_operation, e.src_ip FROM findings f
     JOIN finding_events fe USING (finding_id) JOIN events e USING (event_uid)
     WHERE f.severity IN ('high', 'critical') ORDER BY f.finding_id, e.time`,
  ],
];

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function consoleBench(work: string): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  const core = createCoreService('cli');
  let bare: DuckDBInstance | null = null;
  try {
    const dir = await openBenchCase(core, work);
    const c = core.session.requireCase();
    await scheduleTextIndex(c.db); // built once, before timing: it would otherwise run beside the queries
    await c.db.run('CHECKPOINT');
    const role = String(
      await c.db.scalar(
        `SELECT actor_uid FROM effective_identities WHERE category = 'machine' AND kind = 'iam_role'
         ORDER BY event_count DESC LIMIT 1`,
      ),
    );
    // A day the role was active (three days before its last event, or its last day), so its queries have rows.
    const day = String(
      await c.db.scalar(
        sql`SELECT strftime(max(time) AT TIME ZONE 'UTC' - INTERVAL 3 DAY, '%Y-%m-%d') FROM events
            WHERE actor_uid = ${param(role)}`,
      ),
    );
    const fill = (q: string) =>
      q.replaceAll('$ROLE', role.replaceAll("'", "''")).replaceAll('$DAY', day).replaceAll('$MONTH', day.slice(0, 7));
    bare = await DuckDBInstance.create(path.join(dir, 'case.duckdb'), { access_mode: 'READ_ONLY' });
    const conn = await bare.connect();
    await conn.run("SET search_path = 'q'");
    const qc = queryConsole(c);
    const events = await c.db.scalar<number>('SELECT count(*) FROM events');
    console.log(
      `\nQuery console on ${events.toLocaleString('en-US')} events, ${runs} alternating runs each after a warm-up ` +
        '(ms; console = statement check + run + custody record, first 500 rows; bare = same SQL, bare DuckDB, same ' +
        'file; check+run = the console without its custody record, p50):',
    );
    console.log(
      `  ${''.padEnd(62)} ${'console p50'.padStart(11)} ${'p95'.padStart(8)}   ${'bare p50'.padStart(8)} ${'p95'.padStart(8)}  rows  check+run`,
    );
    for (const [name, text] of QUERIES) {
      const q = fill(text);
      const inner: number[] = [];
      const viaConsole = async () => {
        const r = await qc.run({ sql: q, limit: 500, timeout_s: 600 });
        inner.push(r.elapsed_ms);
        return r.rows.length;
      };
      const viaBare = async () => (await conn.runAndReadUntil(q, 501)).getRowsJS().slice(0, 500).length;
      const [a, b] = [await viaConsole(), await viaBare()];
      if (a !== b) throw new Error(`${name}: the console gave ${a} rows, bare DuckDB ${b}`);
      const tc: number[] = [];
      const tb: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t0 = process.hrtime.bigint();
        await viaConsole();
        tc.push(ms(t0));
        t0 = process.hrtime.bigint();
        await viaBare();
        tb.push(ms(t0));
      }
      const f = (xs: number[]) =>
        `${percentile(xs, 50).toFixed(1).padStart(8)} ${percentile(xs, 95).toFixed(1).padStart(8)}`;
      const run = percentile(inner.slice(1), 50).toFixed(0);
      console.log(`  ${name.padEnd(62)}    ${f(tc)}   ${f(tb)}  ${String(a).padStart(4)}  ${run.padStart(9)}`);
    }
    conn.closeSync();
  } finally {
    bare?.closeSync();
    core.close();
  }
}
