// The same CloudTrail records delivered three ways: CloudTrail's S3 layout, Elasticsearch `_source` lines (as
// Logstash re-ships them, @timestamp and @version added) and Splunk's JSON export (`result._raw` lines). Trailmark's
// ingest of each beside DuckDB's bare read of the same files, each in its own process. Printed, never asserted.
// The two exports are written from the S3 archive by DuckDB (gzip JSON lines, about 64 MiB a file) and kept
// beside it between runs.
import { spawnSync } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createCoreService } from '../../main/core/api/service';
import { measure, medianBy } from './measure';

type Delivery = 's3' | 'es' | 'splunk';
const DELIVERIES: Delivery[] = ['s3', 'es', 'splunk'];
const LABEL: Record<Delivery, string> = {
  s3: 'CloudTrail S3 layout ({"Records":[…]} .json.gz)',
  es: 'Elasticsearch _source lines (.json.gz)',
  splunk: 'Splunk JSON export, result._raw lines (.json.gz)',
};

/** DuckDB reading the same files bare, keeping each record whole as JSON (as the main bench's baseline does). */
function bareSql(d: Delivery, dir: string): string {
  const glob = (ext: string) => `'${path.join(dir, '**', `*${ext}`).replaceAll("'", "''")}'`;
  if (d === 's3')
    return `SELECT unnest(Records) AS r FROM read_json(${glob('.json.gz')}, columns = {Records: 'JSON[]'})`;
  if (d === 'es')
    return `SELECT _source AS r FROM read_json(${glob('.json.gz')}, columns = {_source: 'JSON'}, format = 'newline_delimited')`;
  return `SELECT CAST(result._raw AS JSON) AS r
    FROM read_json(${glob('.json.gz')}, columns = {result: 'STRUCT(_raw VARCHAR)'}, format = 'newline_delimited')`;
}

/** Writes the Elasticsearch and Splunk exports of the S3 archive's records, once. */
async function writeExports(archive: string, dirs: Record<Delivery, string>): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const records = `(SELECT unnest(Records) AS r FROM read_json('${path.join(archive, 'AWSLogs', '**', '*.json.gz')}',
    columns = {Records: 'JSON[]'}))`;
  const copy = async (d: Delivery, select: string) => {
    if (await stat(dirs[d]).catch(() => null)) return;
    process.stderr.write(`writing the ${d} export of ${archive}…\n`);
    await c.run(
      `COPY (${select}) TO '${dirs[d]}' (FORMAT json, COMPRESSION gzip, FILE_SIZE_BYTES '64MiB', FILENAME_PATTERN 'part_{i}')`,
    );
  };
  await copy(
    'es',
    `SELECT 'logstash-cloudtrail' AS _index, md5(CAST(r AS VARCHAR)) AS _id,
      json_merge_patch(json_object('@timestamp', r->>'eventTime', '@version', '1'), r) AS _source FROM ${records}`,
  );
  await copy(
    'splunk',
    `SELECT false AS preview, row_number() OVER () - 1 AS offset,
      struct_pack(_raw := CAST(r AS VARCHAR), _time := r->>'eventTime', sourcetype := 'aws:cloudtrail') AS result
    FROM ${records}`,
  );
  c.closeSync();
  db.closeSync();
}

/** One side of one delivery, in this process (see runChild in child.ts). Prints one JSON line. */
export async function runWrappedChild(kind: string, dir: string, work: string): Promise<void> {
  const [, d, side] = kind.split(':') as [string, Delivery, 'bare' | 'trailmark'];
  let r: { value: number; seconds: number; peakRssMiB: number };
  if (side === 'bare') {
    const dbFile = path.join(work, `wrapped-${d}.duckdb`);
    await rm(dbFile, { force: true });
    r = await measure(async () => {
      const db = await DuckDBInstance.create(dbFile);
      const c = await db.connect();
      await c.run(`CREATE TABLE raw AS ${bareSql(d, dir)}`);
      const n = Number((await c.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]?.[0]);
      c.closeSync();
      db.closeSync();
      return n;
    });
    await rm(dbFile, { force: true });
  } else {
    const caseDir = path.join(work, `wrapped-${d}.trailmark`);
    await rm(caseDir, { recursive: true, force: true });
    const core = createCoreService('cli');
    await core.api.openCase({ path: caseDir, create: true });
    r = await measure(async () => {
      const { job } = await core.api.startIngest({ paths: [dir] });
      const end = await core.session.jobs.wait(job);
      if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
        throw new Error(`ingest ${end.state}: ${end.error?.message}`);
      const formats = new Set(end.result.files.map((f) => f.format));
      if (end.result.quarantined > 0 || formats.has('unknown'))
        throw new Error(`${d}: ${end.result.quarantined} quarantined, formats ${[...formats].join(', ')}`);
      return end.result.loaded;
    });
    core.close();
    await rm(caseDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ kind, records: r.value, seconds: r.seconds, peakRssMiB: r.peakRssMiB }) + '\n');
}

/** The section: each delivery's ingest beside its bare read; BENCH_RUNS alternating runs, medians shown. */
export async function wrappedSection(self: string, archive: string, work: string): Promise<void> {
  const dirs: Record<Delivery, string> = {
    s3: archive,
    es: `${archive}-es-source`,
    splunk: `${archive}-splunk-raw`,
  };
  await writeExports(archive, dirs);
  const run = (kind: string, dir: string) => {
    process.stderr.write(`running ${kind}…\n`);
    const r = spawnSync(process.execPath, [self, '--child', kind, dir, work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`${kind} failed (exit ${r.status})`);
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
      records: number;
      seconds: number;
      peakRssMiB: number;
    };
  };
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const rows: string[][] = [['delivery', 'files', 'records', 'Trailmark s', 'bare DuckDB s', 'x bare', 'x S3 layout']];
  let s3Seconds = NaN;
  for (const d of DELIVERIES) {
    const tm: ReturnType<typeof run>[] = [];
    const bare: ReturnType<typeof run>[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(run(`wrapped:${d}:bare`, dirs[d]));
      tm.push(run(`wrapped:${d}:trailmark`, dirs[d]));
    }
    const t = medianBy(tm, (x) => x.seconds);
    const b = medianBy(bare, (x) => x.seconds);
    if (d === 's3') s3Seconds = t.seconds;
    const files = (await readdir(dirs[d], { recursive: true })).filter((f) => f.endsWith('.json.gz')).length;
    rows.push([
      LABEL[d],
      String(files),
      t.records.toLocaleString('en-US'),
      t.seconds.toFixed(2),
      b.seconds.toFixed(2),
      (t.seconds / b.seconds).toFixed(2),
      (t.seconds / s3Seconds).toFixed(2),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nThe same records delivered three ways (medians of ${runs} run${runs > 1 ? 's' : ''}):`);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}
