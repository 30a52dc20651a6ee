// The workspace's queries on a large generated case, each beside the bare SQL the view needs, on the same
// connection in the same run. The case is the seeded demo, replicated in DuckDB (each copy shifted three weeks
// later, spread over 20 derived identities per actor, with its own request and event ids) up to BENCH_EVENTS
// events (default 10,000,000); it is
// kept in BENCH_DIR and reused by later runs with the same size. Bare SQL buckets time by epoch arithmetic as the
// views do: DuckDB's time_bucket on TIMESTAMPTZ goes through ICU calendars and is ~300x slower for day buckets.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import type { Duck } from '../../main/core/db/duck';
import { resetSummaries } from '../../main/core/query/summaries';
import { buildSortRanks } from '../../main/core/query/sort-ranks';
import { scheduleTextIndex } from '../../main/core/query/text-index';
import { latency } from './measure';

type Figure = { p50: number; p95: number };

/** Free text as the view matches it (at a word start, text-match.ts), written out: the plain literal, then the boundary. */
const textWhere = (text: string) => {
  const t = text.replace(/[^\w-]/g, '');
  return `CASE WHEN regexp_matches(CAST(raw AS VARCHAR), '(?i)${t}')
    THEN regexp_matches(CAST(raw AS VARCHAR), '(?i)(?:^|[^A-Za-z0-9._@\\-\\x{80}-\\x{10FFFF}])${t}') ELSE false END`;
};

/** Brings the text index up to the events (all of them after the case is built) and says what that cost. */
async function coldTextIndex(core: CoreService, db: Duck): Promise<string> {
  const rebuild = Boolean(process.env.BENCH_REBUILD_TEXT_INDEX);
  if (rebuild) await db.run("UPDATE case_meta SET value = 'x' WHERE key = 'text_index.check'");
  const before = await core.api.textIndexStatus({});
  const t0 = performance.now();
  await scheduleTextIndex(db);
  const s = await core.api.textIndexStatus({});
  if (s.state !== 'ready') throw new Error(`text index ${s.state}: ${s.error}`);
  const terms = await db.scalar<number>('SELECT count(*) FROM text_index');
  const blocks = await db.scalar<number>(
    "SELECT count(DISTINCT block_id) FROM pragma_storage_info('text_index') WHERE persistent",
  );
  const rows = s.done - (rebuild ? 0 : before.done);
  const built =
    before.state === 'ready' && !rebuild
      ? 'already built by an earlier run (BENCH_REBUILD_TEXT_INDEX=1 rebuilds it)'
      : `built over ${rows.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  return `text index ${built}; ${terms.toLocaleString('en-US')} (word, block) rows, ~${((blocks * 262144) / 2 ** 20).toFixed(0)} MiB`;
}

/** The first call after the summaries were dropped: what a view costs once per ingest. */
async function coldSummaries(core: CoreService, db: Duck, actor: string): Promise<string> {
  await resetSummaries(db);
  const t0 = performance.now();
  await core.api.eventTimeline({ buckets: 1000, stack: 'category' });
  const t1 = performance.now();
  await core.api.topValues({ filter: { actor_uids: [actor] }, dimensions: ['operation'], limit: 8 });
  const t2 = performance.now();
  return `first case timeline (builds the hourly summary) ${(t1 - t0).toFixed(0)} ms; first top-N of the busiest identity (builds its summary) ${(t2 - t1).toFixed(0)} ms`;
}

/** The ranks behind whole-case pages sorted by a column, built as a first sort by each starts them. */
async function coldSortRanks(db: Duck): Promise<string> {
  const out: string[] = [];
  for (const column of ['src_ip', 'targets', 'time']) {
    const t0 = performance.now();
    await buildSortRanks(db, column);
    out.push(`${column} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return `sort ranks (0 s when an earlier run built them): ${out.join(', ')}`;
}

async function buildCase(core: CoreService, dir: string, target: number): Promise<void> {
  const { job } = await core.api.startDemo({ path: dir, seed: 11, days: 21, scale: 1 });
  const end = await core.session.jobs.wait(job);
  if (end.state !== 'done') throw new Error(`demo ${end.state}: ${end.error?.message}`);
  const db = core.session.requireCase().db;
  const base = await db.scalar<number>('SELECT count(*) FROM events');
  const copies = Math.max(1, Math.ceil(target / base));
  process.stderr.write(`workspace bench: replicating ${base} demo events ×${copies}…\n`);
  const cols = (await db.all<{ name: string }>("SELECT name FROM pragma_table_info('events')")).map((c) => c.name);
  const expr: Record<string, string> = {
    event_uid: "md5(e.event_uid || ':' || k)",
    time: 'e.time + to_days(CAST(21 * k AS INTEGER))',
    actor_uid: "e.actor_uid || '#' || (k % 20)",
    // Each copy gets its own request and event ids, as real records have: a search for one finds one event.
    raw: `CAST(${['requestID', 'eventID'].reduce(
      (raw, key) =>
        `CASE WHEN json_extract_string(e.raw, '$.${key}') IS NULL THEN ${raw}
         ELSE replace(${raw}, json_extract_string(e.raw, '$.${key}'), md5(json_extract_string(e.raw, '$.${key}') || k)) END`,
      'CAST(e.raw AS VARCHAR)',
    )} AS JSON)`,
  };
  // A batch of copies per statement keeps memory flat; rows go in time order so zone maps prune time ranges.
  for (let k0 = 1; k0 < copies; k0 += 20) {
    const k1 = Math.min(copies, k0 + 20);
    const remaining = target - (await db.scalar<number>('SELECT count(*) FROM events'));
    if (remaining <= 0) break;
    await db.run(
      `INSERT INTO events SELECT ${cols.map((c) => expr[c] ?? `e.${c}`).join(', ')}
       FROM events e, range(?, ?) r(k) WHERE e.actor_uid IS NULL OR NOT contains(e.actor_uid, '#')
       ORDER BY 2 LIMIT ?`,
      [k0, k1, remaining],
    );
  }
  await db.run(`INSERT INTO identities
    SELECT d.actor_uid, i.display_name || ' #' || split_part(d.actor_uid, '#', 2), i.source, i.account_uid, i.category,
      i.kind, i.reason, d.first_seen, d.last_seen, d.n
    FROM (SELECT actor_uid, min(time) AS first_seen, max(time) AS last_seen, count(*) AS n FROM events
          WHERE contains(actor_uid, '#') GROUP BY 1) d
    JOIN identities i ON i.actor_uid = split_part(d.actor_uid, '#', 1)`);
  await resetSummaries(db);
  await db.run('CHECKPOINT');
}

async function figures(core: CoreService, db: Duck): Promise<[string, Figure, Figure][]> {
  const actor = (await core.api.listIdentities({ category: 'machine', kind: 'iam_role', limit: 1 })).rows[0]!.actor_uid;
  const filter = { actor_uids: [actor] };
  const dims = ['operation', 'service', 'resource', 'src_ip', 'user_agent', 'region', 'credential', 'session'] as const;
  const dimCol = [
    'api_operation',
    'api_service',
    'resource_uid',
    'src_ip',
    'user_agent',
    'region',
    'credential_uid',
    'session_uid',
  ];
  const total = await db.scalar<number>('SELECT count(*) FROM events');
  const mid = (await core.api.queryEvents({ offset: Math.floor(total / 2), limit: 1, count: false })).rows[0]!;
  // The page in the middle of the case, in time order, as bare SQL reads it: by OFFSET.
  const bareMiddlePage = () =>
    db.all('SELECT * EXCLUDE (raw) FROM events ORDER BY time, event_uid LIMIT 200 OFFSET ?', [Math.floor(total / 2)]);
  const runs = Number(process.env.BENCH_RUNS ?? 20);
  // A term in a few hundred events spread over the whole case: the page needs every window read.
  const rare = String(
    await db.scalar(
      `SELECT json_extract_string(raw, '$.requestID') FROM events WHERE time > (SELECT max(time) FROM events) - INTERVAL 30 DAY AND json_extract_string(raw, '$.requestID') IS NOT NULL LIMIT 1`,
    ),
  );
  // The identity page's window: the busiest identity's last week.
  const windowTo = String(await db.scalar('SELECT max(time) FROM events WHERE actor_uid = ?', [actor]));
  const windowFrom = String(
    await db.scalar('SELECT max(time) - INTERVAL 7 DAY FROM events WHERE actor_uid = ?', [actor]),
  );
  const lineageActor = String(
    (await db.scalar('SELECT child_uid FROM lineage_edges GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')) ?? actor,
  );
  const failedRow = (await db.one<{ event_uid: string; time: string }>(
    "SELECT event_uid, strftime(time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS time FROM events WHERE outcome = 'failure' LIMIT 1",
  ))!;
  const pair = async (name: string, view: () => Promise<unknown>, bare: () => Promise<unknown>, n = runs) =>
    [name, await latency(view, n), await latency(bare, n)] as [string, Figure, Figure];
  return [
    await pair(
      'identity list page (200, with findings)',
      () => core.api.listIdentities({ limit: 200 }),
      () => db.all('SELECT * FROM identities ORDER BY event_count DESC LIMIT 200'),
    ),
    await pair(
      'identity timeline, 1,000 buckets by operation',
      () => core.api.eventTimeline({ filter, buckets: 1000, stack: 'operation' }),
      () =>
        db.all(
          `SELECT floor(epoch_ms(time) / 1800000) AS b, api_operation, count(*) FROM events
           WHERE actor_uid = ? GROUP BY ALL`,
          [actor],
        ),
    ),
    await pair(
      'case timeline, 1,000 buckets, human vs machine',
      () => core.api.eventTimeline({ buckets: 1000, stack: 'category' }),
      () =>
        db.all(
          `SELECT floor(epoch_ms(time) / 86400000) AS b, i.category, count(*) FROM events e
           LEFT JOIN identities i USING (actor_uid) GROUP BY ALL`,
        ),
      Math.min(runs, 10),
    ),
    await pair(
      'heatmap (weekday × hour)',
      () => core.api.eventHeatmap({ filter }),
      () =>
        db.all(
          `SELECT floor(epoch(time) / 86400) % 7 AS d, floor(epoch(time) / 3600) % 24 AS h, count(*) FROM events
           WHERE actor_uid = ? GROUP BY ALL`,
          [actor],
        ),
    ),
    await pair(
      'top-N panels (8 dimensions)',
      () => core.api.topValues({ filter, dimensions: [...dims], limit: 8 }),
      async () => {
        for (const c of dimCol)
          await db.all(
            `SELECT ${c}, count(*) AS n, min(time) FROM events WHERE actor_uid = ? GROUP BY 1 ORDER BY n DESC LIMIT 8`,
            [actor],
          );
      },
    ),
    await pair(
      'event page (200) with a filter, + count',
      () => core.api.queryEvents({ filter: { ...filter, outcome: 'success' }, limit: 200 }),
      async () => {
        const w = "WHERE actor_uid = ? AND outcome = 'success'";
        await db.scalar(`SELECT count(*) FROM events ${w}`, [actor]);
        return db.all(`SELECT * EXCLUDE (raw) FROM events ${w} ORDER BY time, event_uid LIMIT 200`, [actor]);
      },
    ),
    await pair(
      'deep event page: keyset (view) vs OFFSET (bare)',
      () => core.api.queryEvents({ after: { time: mid.time, event_uid: mid.event_uid }, limit: 200, count: false }),
      bareMiddlePage,
      Math.min(runs, 10),
    ),
    await pair(
      'jump to the middle in time order (OFFSET 5M)',
      () => core.api.queryEvents({ offset: Math.floor(total / 2), limit: 200, count: false }),
      bareMiddlePage,
      Math.min(runs, 10),
    ),
    await pair(
      'event page (200) sorted by source IP',
      () => core.api.queryEvents({ sort: 'src_ip', limit: 200, count: false }),
      () => db.all('SELECT * EXCLUDE (raw) FROM events ORDER BY src_ip NULLS LAST, time, event_uid LIMIT 200'),
      Math.min(runs, 10),
    ),
    await pair(
      "one identity's events sorted by user agent, + count",
      () => core.api.queryEvents({ filter, sort: 'user_agent', order: 'desc', limit: 200 }),
      async () => {
        await db.scalar('SELECT count(*) FROM events WHERE actor_uid = ?', [actor]);
        return db.all(
          `SELECT * EXCLUDE (raw) FROM events WHERE actor_uid = ?
           ORDER BY user_agent DESC NULLS LAST, time DESC, event_uid DESC LIMIT 200`,
          [actor],
        );
      },
    ),
    await pair(
      'event page (200) sorted by target',
      () => core.api.queryEvents({ sort: 'target', limit: 200, count: false }),
      () => db.all('SELECT * EXCLUDE (raw) FROM events ORDER BY targets NULLS LAST, time, event_uid LIMIT 200'),
      Math.min(runs, 10),
    ),
    await pair(
      'rare-first panels (9 dimensions, with targets)',
      () => core.api.topValues({ filter, dimensions: [...dims, 'target'], limit: 8, order: 'rare' }),
      async () => {
        for (const c of [...dimCol, 'unnest(targets)'])
          await db.all(
            `SELECT v, count(*) AS n, min(time) FROM (SELECT ${c} AS v, time FROM events WHERE actor_uid = ?)
             GROUP BY 1 ORDER BY n LIMIT 8`,
            [actor],
          );
      },
    ),
    await pair(
      "identity page's markers in a window (from and to)",
      () => core.api.timelineMarkers({ actor_uids: [actor], from: windowFrom, to: windowTo }),
      () =>
        db.all('SELECT * FROM findings WHERE actor_uid = ? AND start_time <= ? AND end_time >= ?', [
          actor,
          windowTo,
          windowFrom,
        ]),
    ),
    await pair(
      "identity's lineage panel (depth 2)",
      () => core.api.identityLineage({ actor_uid: lineageActor, depth: 2, limit: 500 }),
      () =>
        db.all('SELECT * FROM lineage_edges WHERE parent_uid = ? OR child_uid = ? LIMIT 500', [
          lineageActor,
          lineageActor,
        ]),
    ),
    await pair(
      'event detail (a failed call, its error message), by id and time',
      () => core.api.getEvent({ event_uid: failedRow.event_uid, time: failedRow.time }),
      () =>
        db.all(
          `SELECT * FROM events WHERE event_uid = ?
           AND time BETWEEN CAST(? AS TIMESTAMPTZ) - INTERVAL 1 SECOND AND CAST(? AS TIMESTAMPTZ) + INTERVAL 1 SECOND`,
          [failedRow.event_uid, failedRow.time, failedRow.time],
        ),
    ),
    await pair(
      'free text, first page (200) of a common term',
      () => core.api.queryEvents({ filter: { text: 'AccessDenied' }, limit: 200, count: false }),
      () => db.all(`SELECT * EXCLUDE (raw) FROM events WHERE ${textWhere('AccessDenied')} ORDER BY time LIMIT 200`),
      Math.min(runs, 5),
    ),
    await pair(
      'free text, first page of a rare term',
      () => core.api.queryEvents({ filter: { text: rare }, limit: 200, count: false }),
      () => db.all(`SELECT * EXCLUDE (raw) FROM events WHERE ${textWhere(rare)} ORDER BY time LIMIT 200`),
      Math.min(runs, 3),
    ),
    await pair(
      'free text, count of a rare term (own connection)',
      () => core.api.countEvents({ filter: { text: rare } }),
      () => db.all(`SELECT count(*) FROM events WHERE ${textWhere(rare)}`),
      Math.min(runs, 3),
    ),
    await pair(
      'free text, count of a common term (own connection)',
      () => core.api.countEvents({ filter: { text: 'AccessDenied' } }),
      () => db.all(`SELECT count(*) FROM events WHERE ${textWhere('AccessDenied')}`),
      Math.min(runs, 3),
    ),
  ];
}

/** Prints the workspace section of `npm run bench`. */
/**
 * Opens the bench case of BENCH_EVENTS events (default 10,000,000) in the work folder, building it the first time;
 * returns its folder.
 */
export async function openBenchCase(core: CoreService, work: string): Promise<string> {
  const target = Number(process.env.BENCH_EVENTS ?? 10_000_000);
  const dir = path.join(work, `workspace-ids-${target}.trailmark`);
  const exists = await stat(path.join(dir, 'case.duckdb')).catch(() => null);
  if (exists) {
    await core.api.openCase({ path: dir });
    // A case made before this version's rules is upgraded by a job first: measured beside it, views would be slower.
    await core.session.upgraded();
  } else {
    process.stderr.write(`bench: building a ${target.toLocaleString('en-US')}-event case in ${dir}…\n`);
    await buildCase(core, dir, target);
  }
  return dir;
}

export async function workspaceBench(work: string): Promise<void> {
  const core = createCoreService('cli');
  try {
    await openBenchCase(core, work);
    const db = core.session.requireCase().db;
    const events = await db.scalar<number>('SELECT count(*) FROM events');
    const ids = await db.scalar<number>('SELECT count(*) FROM identities');
    console.log(
      `\nWorkspace views on ${events.toLocaleString('en-US')} events, ${ids} identities (ms; view = API call, bare = plain SQL):`,
    );
    const f = (x: Figure) => `${x.p50.toFixed(1).padStart(8)} ${x.p95.toFixed(1).padStart(8)}`;
    console.log(
      `  ${''.padEnd(48)} ${'view p50'.padStart(8)} ${'p95'.padStart(8)}   ${'bare p50'.padStart(8)} ${'p95'.padStart(8)}`,
    );
    const busiest = (await core.api.listIdentities({ category: 'machine', kind: 'iam_role', limit: 1 })).rows[0]!;
    console.log(`  cold: ${await coldSummaries(core, db, busiest.actor_uid)}`);
    console.log(`  cold: ${await coldTextIndex(core, db)}`);
    console.log(`  cold: ${await coldSortRanks(db)}`);
    for (const [name, view, bare] of await figures(core, db))
      console.log(`  ${name.padEnd(48)} ${f(view)}   ${f(bare)}`);
  } finally {
    core.close();
  }
}
